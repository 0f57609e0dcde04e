"""Training texts go through the same cleaning and redaction as tickets at triage time."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.policy import Policy, load_policy
from triagedesk.triage.result import TriageInput

_CHAIN = ["clean", "redact"]


def model_text(subject: str, body: str) -> str:
    """What the category model reads: the subject line, then the body."""
    return f"{subject}\n{body}" if subject else body


def model_inputs(
    texts: Sequence[str], subjects: Sequence[str] | None = None, policy: Policy | None = None
) -> list[str]:
    """The texts as the category model sees them in triage: cleaned, redacted, subject first."""
    policy = policy or load_policy()
    chain = dataclasses.replace(policy.engine, analyzers=_CHAIN)
    engine = Pipeline(dataclasses.replace(policy, engine=chain))
    subjects = subjects if subjects is not None else [""] * len(texts)
    tickets = (TriageInput(text=t, subject=s) for t, s in zip(texts, subjects, strict=True))
    return [model_text(r.input.subject.strip(), r.model_text) for r in engine.triage_many(tickets)]
