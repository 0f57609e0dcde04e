"""Shared fixtures: the default policy and engine, and where the evaluation data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.policy import Policy, load_policy

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def engine(policy: Policy) -> Pipeline:
    return Pipeline(policy)


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the user's real data directory or policy."""
    monkeypatch.setenv("TRIAGEDESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("TRIAGEDESK_POLICY", raising=False)
