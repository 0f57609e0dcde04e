"""Business-hours arithmetic for SLA targets: working days and a daily opening window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from triagedesk.errors import PolicyError

_TARGET = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|h|d|bh|bd)\s*$")


@dataclass(frozen=True)
class Target:
    """An SLA target: an amount and whether it runs on the clock or in business time."""

    amount: float
    unit: str

    @property
    def business(self) -> bool:
        """True for business hours or business days."""
        return self.unit in ("bh", "bd")


def parse_target(text: str, key: str = "sla") -> Target:
    """Parse '15m', '2h', '1d', '4bh' or '3bd'."""
    match = _TARGET.match(text)
    if not match:
        raise PolicyError(
            f"[{key}] expected a target like 15m, 2h, 1d, 4bh (business hours) or 3bd (business days), got {text!r}"
        )
    return Target(float(match.group(1)), match.group(2))


class BusinessCalendar:
    """Working days with one opening window a day, in one time zone."""

    def __init__(self, timezone: str, workdays: list[int], day_start: str, day_end: str) -> None:
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PolicyError(
                f"[sla.timezone] unknown time zone {timezone!r} (e.g. Europe/Stockholm)"
            ) from None
        self.workdays = frozenset(workdays)
        if not self.workdays or not self.workdays <= set(range(1, 8)):
            raise PolicyError(f"[sla.workdays] expected ISO weekdays 1..7, got {workdays}")
        self.opens = _clock(day_start, "sla.day_start")
        self.closes = _clock(day_end, "sla.day_end")
        if self.closes <= self.opens:
            raise PolicyError("[sla.day_end] must be later than [sla.day_start]")
        self.day_minutes = (
            datetime.combine(datetime.min, self.closes) - datetime.combine(datetime.min, self.opens)
        ).total_seconds() / 60

    def due(self, start: datetime, target: Target) -> datetime:
        """When a target that starts counting at `start` falls due (in UTC)."""
        start = start if start.tzinfo else start.replace(tzinfo=UTC)
        if not target.business:
            hours = {"m": 1 / 60, "h": 1.0, "d": 24.0}[target.unit]
            return (start + timedelta(hours=target.amount * hours)).astimezone(UTC)
        minutes = target.amount * (self.day_minutes if target.unit == "bd" else 60)
        return self.add_business_minutes(start, minutes).astimezone(UTC)

    def add_business_minutes(self, start: datetime, minutes: float) -> datetime:
        """Walk forward through opening hours until `minutes` of them have passed."""
        moment = start.astimezone(self.zone)
        remaining = timedelta(minutes=minutes)
        for _ in range(3700):  # ten years of days: a bound against a calendar with no open time
            window_start, window_end = self._window(moment.date())
            if moment.isoweekday() in self.workdays and moment < window_end:
                moment = max(moment, window_start)
                available = window_end - moment
                if remaining <= available:
                    return moment + remaining
                remaining -= available
            moment = self._window(moment.date() + timedelta(days=1))[0]
        raise PolicyError("[sla] the business calendar has no opening hours")

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return (
            datetime.combine(day, self.opens, tzinfo=self.zone),
            datetime.combine(day, self.closes, tzinfo=self.zone),
        )


def _clock(text: str, key: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise PolicyError(f"[{key}] expected a time like 08:00, got {text!r}") from None
