"""Due times from the priority level: first response and resolution, in business time where asked."""

from __future__ import annotations

from datetime import UTC, datetime

from triagedesk.triage.calendar import BusinessCalendar, Target, parse_target
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Reason, TriageResult


class DueTimes:
    """Sets first_response_due and resolution_due from the SLA targets of the ticket's level."""

    def __init__(self, policy: Policy) -> None:
        sla = policy.sla
        self.calendar = BusinessCalendar(sla.timezone, sla.workdays, sla.day_start, sla.day_end)
        self.first_response = _targets(sla.first_response, "sla.first_response")
        self.resolution = _targets(sla.resolution, "sla.resolution")

    def __call__(self, result: TriageResult) -> None:
        if result.priority is None:
            return
        level = result.priority.level
        received = result.input.received_at or datetime.now(UTC)
        result.first_response_due = self.calendar.due(received, self.first_response[level])
        result.resolution_due = self.calendar.due(received, self.resolution[level])
        detail = (
            f"{level}: first response within {_describe(self.first_response[level])}, "
            f"resolution within {_describe(self.resolution[level])}"
        )
        result.reasons.append(Reason("sla", "sla", detail))


def _targets(table: dict[str, str], key: str) -> dict[str, Target]:
    return {level: parse_target(text, f"{key}.{level}") for level, text in table.items()}


def _describe(target: Target) -> str:
    names = {
        "m": "minutes",
        "h": "hours",
        "d": "days",
        "bh": "business hours",
        "bd": "business days",
    }
    amount = f"{target.amount:g}"
    name = names[target.unit]
    return f"{amount} {name[:-1] if amount == '1' else name}"


@analyzer("sla", requires=("priority",), provides=("due",))
def build(policy: Policy) -> Analyzer:
    """Factory for the sla analyzer."""
    return DueTimes(policy)
