"""The points model: customer value + signals + sentiment -> points -> level, every point explained."""

from __future__ import annotations

from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Evidence, Priority, Reason, Signal, TriageResult


class PointsModel:
    """Adds up the policy's points for what the other analyzers found."""

    def __init__(self, policy: Policy) -> None:
        self.rules = policy.priority
        self.levels = sorted(self.rules.levels.items(), key=lambda item: item[1], reverse=True)

    def __call__(self, result: TriageResult) -> None:
        reasons = [
            reason
            for reason in (
                self._customer_value(result),
                *self._signal_reasons(result.signals),
                self._sentiment(result),
            )
            if reason is not None and reason.points
        ]
        points = sum(reason.points for reason in reasons)
        level = next((name for name, floor in self.levels if points >= floor), self.levels[-1][0])
        result.priority = Priority(level, points, reasons)
        result.reasons.extend(reasons)

    def _customer_value(self, result: TriageResult) -> Reason | None:
        ticket = result.input
        tier_points = self.rules.tier_points.get(ticket.tier or "", 0.0)
        value_points = 0.0
        if ticket.annual_value is not None:
            value_points = next(
                (
                    p
                    for floor, p in sorted(self.rules.value_bands, reverse=True)
                    if ticket.annual_value >= floor
                ),
                0.0,
            )
        points = max(tier_points, value_points)
        if not points:
            return None
        parts = [f"tier {ticket.tier}"] if ticket.tier else []
        if ticket.annual_value is not None:
            parts.append(f"annual value {ticket.annual_value:,.0f}".replace(",", " "))
        return Reason("priority", "customer_value", "customer value: " + ", ".join(parts), points)

    def _signal_reasons(self, signals: list[Signal]) -> list[Reason]:
        reasons = []
        for kind, points_by_sub in self.rules.signal_points.items():
            found = [s for s in signals if s.kind == kind and s.sub in points_by_sub]
            if not found:
                continue
            best = max(points_by_sub[s.sub] for s in found)
            strongest = [s for s in found if points_by_sub[s.sub] == best]
            evidence = tuple(_unique_evidence(strongest))
            subs = sorted({s.sub for s in strongest})
            detail = f"{kind.replace('_', ' ')} ({', '.join(subs)})"
            reasons.append(Reason("priority", kind, detail, best, evidence))
        return reasons

    def _sentiment(self, result: TriageResult) -> Reason | None:
        sentiment = result.sentiment
        if sentiment is None:
            return None
        points = self.rules.sentiment_points.get(sentiment.label, 0.0)
        detail = f"sentiment {sentiment.label.replace('_', ' ')} ({sentiment.score:+.2f})"
        return Reason("priority", "sentiment", detail, points, tuple(sentiment.evidence[:3]))


def _unique_evidence(signals: list[Signal]) -> list[Evidence]:
    seen: dict[tuple[int, int], Evidence] = {}
    for signal in signals:
        seen.setdefault((signal.evidence.start, signal.evidence.end), signal.evidence)
    return sorted(seen.values(), key=lambda e: e.start)


@analyzer("priority", requires=("signals",), provides=("priority",))
def build(policy: Policy) -> Analyzer:
    """Factory for the priority analyzer."""
    return PointsModel(policy)
