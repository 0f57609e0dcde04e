"""The team a ticket is routed to, by name, without a query for every ticket."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection

from triagedesk.helpdesk.models import Team

# How long a process trusts a team it looked up; a team renamed or deleted in the admin is
# seen within this time (as a new policy version is).
TRUST_SECONDS = 1.0


class TeamsByName:
    """One process's teams by name, each looked up (or made) again after `trust` seconds."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, trust: float = TRUST_SECONDS
    ) -> None:
        self._clock = clock
        self._trust = trust
        self._lock = threading.Lock()
        self._known: dict[tuple[str, str], tuple[Team, float]] = {}
        self.lookups = 0

    def __call__(self, name: str) -> Team:
        """The team called `name`, made when there is none."""
        key, now = _key(name), self._clock()
        with self._lock:
            known = self._known.get(key)
        if known is not None and now - known[1] < self._trust:
            return known[0]
        team: Team = Team.objects.get_or_create(name=name)[0]
        self.lookups += 1
        if not connection.in_atomic_block:  # inside a transaction, the team may be rolled back
            with self._lock:
                self._known[key] = (team, now)
        return team

    def forget(self, name: str) -> None:
        """Look the team up again next time (a ticket found it gone)."""
        with self._lock:
            self._known.pop(_key(name), None)


def _key(name: str) -> tuple[str, str]:
    # The database is part of the key: tests (and tools) switch the connection's database.
    return str(connection.settings_dict["NAME"]), name


team_named = TeamsByName()
