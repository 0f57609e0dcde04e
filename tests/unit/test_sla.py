from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from triagedesk.errors import PolicyError
from triagedesk.triage.calendar import BusinessCalendar, parse_target
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import registered
from triagedesk.triage.result import Priority, TriageInput, TriageResult

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALENDAR = BusinessCalendar("Europe/Stockholm", [1, 2, 3, 4, 5], "08:00", "17:00")


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def test_one_business_day_from_friday_afternoon_is_monday_afternoon() -> None:
    due = CALENDAR.due(_local(2026, 11, 20, 16, 30), parse_target("1bd"))
    assert due.astimezone(STOCKHOLM) == _local(2026, 11, 23, 16, 30)


def test_business_clock_starts_at_monday_opening_for_weekend_mail() -> None:
    due = CALENDAR.due(_local(2026, 11, 21, 22, 0), parse_target("2bh"))
    assert due.astimezone(STOCKHOLM) == _local(2026, 11, 23, 10, 0)


def test_clock_targets_ignore_business_hours() -> None:
    received = _local(2026, 11, 21, 23, 50)
    assert CALENDAR.due(received, parse_target("15m")).astimezone(STOCKHOLM) == _local(
        2026, 11, 22, 0, 5
    )


def test_three_business_days_skip_the_weekend() -> None:
    due = CALENDAR.due(_local(2026, 11, 19, 9, 0), parse_target("3bd"))
    assert due.astimezone(STOCKHOLM) == _local(2026, 11, 24, 9, 0)


def test_business_days_keep_local_time_across_daylight_saving_change() -> None:
    due = CALENDAR.due(_local(2026, 3, 27, 10, 0), parse_target("1bd"))
    assert due.astimezone(STOCKHOLM) == _local(2026, 3, 30, 10, 0)


def test_due_times_are_in_utc() -> None:
    assert CALENDAR.due(_local(2026, 11, 23, 9, 0), parse_target("2h")).tzinfo == UTC


@pytest.mark.parametrize("text", ["15", "2 weeks", "bd", "-1h", ""])
def test_malformed_target_is_a_clear_error(text: str) -> None:
    with pytest.raises(PolicyError, match="expected a target like 15m"):
        parse_target(text)


def test_calendar_without_open_days_is_refused() -> None:
    with pytest.raises(PolicyError, match="workdays"):
        BusinessCalendar("Europe/Stockholm", [], "08:00", "17:00")


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(PolicyError, match="unknown time zone"):
        BusinessCalendar("Mars/Olympus", [1], "08:00", "17:00")


@pytest.mark.parametrize(
    ("level", "first_due"),
    [
        ("critical", _local(2026, 11, 23, 9, 15)),
        ("high", _local(2026, 11, 23, 11, 0)),
        ("medium", _local(2026, 11, 24, 9, 0)),
        ("low", _local(2026, 11, 26, 9, 0)),
    ],
)
def test_sla_analyzer_sets_first_response_due_from_level(
    policy: Policy, level: str, first_due: datetime
) -> None:
    sla = registered()["sla"].factory(policy)
    result = TriageResult(input=TriageInput(text="x", received_at=_local(2026, 11, 23, 9, 0)))
    result.priority = Priority(level, 0)
    sla(result)
    assert result.first_response_due == first_due
    assert result.resolution_due is not None and result.resolution_due > result.first_response_due
