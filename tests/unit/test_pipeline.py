import dataclasses
from datetime import UTC, datetime

import pytest

from triagedesk.errors import PipelineError
from triagedesk.triage.pipeline import Pipeline, check_chain
from triagedesk.triage.policy import Policy
from triagedesk.triage.result import TriageInput


def _with_chain(policy: Policy, analyzers: list[str]) -> Policy:
    return dataclasses.replace(
        policy, engine=dataclasses.replace(policy.engine, analyzers=analyzers)
    )


def test_chain_refuses_an_analyzer_before_what_it_requires() -> None:
    with pytest.raises(PipelineError, match="analyzer 'priority' requires signals"):
        check_chain(["clean", "priority", "signals"])


def test_chain_refuses_unknown_analyzer() -> None:
    with pytest.raises(PipelineError, match="unknown analyzer 'magic'"):
        check_chain(["clean", "magic"])


def test_an_analyzer_can_be_switched_off(policy: Policy) -> None:
    chain = [n for n in policy.engine.analyzers if n not in ("sentiment", "keywords")]
    engine = Pipeline(_with_chain(policy, chain))
    result = engine.triage(TriageInput(text="Our invoice is wrong and nobody answers."))
    assert result.sentiment is None
    assert result.keywords == []
    assert result.priority is not None
    assert "sentiment" not in engine.names


def test_batch_and_single_runs_agree(engine: Pipeline) -> None:
    received = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    texts = [
        "Fakturan är fel igen, tredje gången jag skriver!",
        "Pakken er ikke kommet, og ingen svarer på mail.",
        "Wie exportiere ich den Monatsbericht nach Excel?",
    ]
    tickets = [TriageInput(text=text, received_at=received) for text in texts]
    singles = [engine.triage(t).to_dict() for t in tickets]
    batched = [r.to_dict() for r in engine.triage_many(tickets, batch_size=2)]
    assert batched == singles
