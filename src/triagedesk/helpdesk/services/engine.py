"""The triage engine in force: the policy files with the admin's newest policy version over them.

Each process keeps one engine and looks at most once a second (one indexed query) whether a
newer policy version was saved; it rebuilds the engine only when one was. The process that
saves a version rebuilds at its next ticket, the other workers within a second.
"""

from __future__ import annotations

import logging
import threading
import time
import tomllib
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from triagedesk.conf import load_settings
from triagedesk.engine import build_engine, installation_policy
from triagedesk.errors import PolicyError, TriagedeskError
from triagedesk.helpdesk.models import PolicyVersion
from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.policy import Policy

log = logging.getLogger("triagedesk.policy")

# How long a process trusts its engine before it looks for a newer policy version again.
CHECK_EVERY_SECONDS = 1.0
NEW_VERSION_SOURCE = "admin policy (new version)"
# The newest version's id and overrides, or None when the admin never saved one.
Newest = tuple[int, str] | None


def parse_overrides(text: str, source: str = NEW_VERSION_SOURCE) -> dict[str, Any]:
    """The overrides in `text` (TOML) as a table; invalid TOML is a PolicyError naming `source`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML ({exc})") from None


def build_with_overrides(overrides: dict[str, Any], source: str = NEW_VERSION_SOURCE) -> Pipeline:
    """The installation's engine with `overrides` laid over its policy files.

    Raises what the engine refuses (PolicyError, PipelineError, ModelError), naming `source`.
    """
    return build_engine(load_settings(), overrides=overrides, overrides_source=source)


def policy_with(text: str, source: str = NEW_VERSION_SOURCE) -> Policy:
    """The installation's policy with the overrides in `text` laid over its policy files."""
    return installation_policy(
        load_settings(), overrides=parse_overrides(text, source), overrides_source=source
    )


def check_overrides(text: str, source: str = NEW_VERSION_SOURCE) -> Policy:
    """The policy `text` would put in force; raises the engine's error when it would refuse it."""
    return build_with_overrides(parse_overrides(text, source), source).policy


def newest_version() -> Newest:
    """The id and overrides of the policy version in force (one query on the primary key)."""
    row = PolicyVersion.objects.order_by("-pk").values_list("pk", "overrides").first()
    return None if row is None else (row[0], row[1])


def _build_for(newest: Newest) -> Pipeline:
    if newest is None:
        return build_with_overrides({})
    source = f"admin policy version {newest[0]}"
    return build_with_overrides(parse_overrides(newest[1], source), source)


class EngineInForce:
    """One process's engine, rebuilt when the newest policy version changes."""

    def __init__(
        self,
        build: Callable[[Newest], Pipeline] = _build_for,
        clock: Callable[[], float] = time.monotonic,
        check_every: float = CHECK_EVERY_SECONDS,
    ) -> None:
        self._build = build
        self._clock = clock
        self._check_every = check_every
        self._lock = threading.Lock()
        self._pipeline: Pipeline | None = None
        self._version: Newest = None
        self._checked_at = float("-inf")
        self.builds = 0

    def __call__(self) -> Pipeline:
        """The engine for the policy in force (checked at most once per `check_every`)."""
        pipeline, now = self._pipeline, self._clock()
        if pipeline is not None and now - self._checked_at < self._check_every:
            return pipeline
        newest = newest_version()
        self._checked_at = now
        if pipeline is not None and newest == self._version:
            return pipeline
        return self._rebuild(newest)

    def expire(self) -> None:
        """Look for a newer policy version at the next call (after a save in this process)."""
        self._checked_at = float("-inf")

    def _rebuild(self, newest: Newest) -> Pipeline:
        with self._lock:
            if self._pipeline is not None and newest == self._version:
                return self._pipeline
            version = "the policy files" if newest is None else f"policy version {newest[0]}"
            try:
                pipeline = self._build(newest)
            except TriagedeskError:
                if self._pipeline is None:
                    raise
                # E.g. a policy file edited on disk since: keep serving with the last good engine.
                log.exception("triage engine not rebuilt for %s; keeping the previous one", version)
                self._version = newest
                return self._pipeline
            self._pipeline, self._version = pipeline, newest
            self.builds += 1
            log.info("triage engine built for %s", version)
            return pipeline


engine = EngineInForce()


def save_policy_version(version: PolicyVersion, author: AbstractBaseUser | None) -> PolicyVersion:
    """Check the overrides with the engine, store them as the newest version, and log it."""
    check_overrides(version.overrides)
    if not version.reason.strip():
        raise PolicyError("a policy change needs a reason: it is kept with the version")
    version.pk = None
    version.created_at = timezone.now()
    version.author = author  # type: ignore[assignment]
    version.author_label = author.get_username() if author else ""
    version.save()
    log.info(
        "policy version %s saved by %s: %s",
        version.pk,
        version.author_label or "(nobody)",
        version.reason.strip().replace("\n", " "),
    )
    transaction.on_commit(engine.expire)
    return version
