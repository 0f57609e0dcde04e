"""Whatever arrives, the engine answers within bounds and never crashes."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.result import TriageInput, TriageResult

LEVELS = {"critical", "high", "medium", "low"}


def _assert_sane(engine: Pipeline, result: TriageResult) -> None:
    assert result.language in engine.policy.engine.languages
    assert result.sentiment is not None and -1.0 <= result.sentiment.score <= 1.0
    assert result.category is not None and 0.0 <= result.category.confidence <= 1.0
    assert result.priority is not None and result.priority.level in LEVELS
    assert result.first_response_due is not None
    assert len(result.keywords) <= engine.policy.keywords.count
    alternatives = sum(p for _, p in result.category.alternatives)
    assert result.category.confidence + alternatives <= 1.0 + 1e-5
    for reason in result.reasons:
        for evidence in reason.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(result.text)
            assert result.text[evidence.start : evidence.end] == evidence.text
    for redaction in result.redactions:
        assert 0 <= redaction.start < redaction.end <= len(result.text)
    result.to_dict()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(), subject=st.text(max_size=200))
def test_arbitrary_unicode_never_crashes(engine: Pipeline, text: str, subject: str) -> None:
    _assert_sane(engine, engine.triage(TriageInput(text=text, subject=subject)))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(junk=st.binary(max_size=4000))
def test_binary_junk_decoded_as_latin1_never_crashes(engine: Pipeline, junk: bytes) -> None:
    _assert_sane(engine, engine.triage(TriageInput(text=junk.decode("latin-1"))))


def test_empty_ticket_is_low_priority_and_flagged_for_review(engine: Pipeline) -> None:
    result = engine.triage(TriageInput(text=""))
    _assert_sane(engine, result)
    assert result.priority is not None and result.priority.level == "low"
    assert result.needs_review


def test_five_megabyte_ticket_is_triaged(engine: Pipeline) -> None:
    sentence = "Fakturan är fel och ingen svarar på mina mejl. "
    text = sentence * (5_000_000 // len(sentence))
    result = engine.triage(TriageInput(text=text))
    _assert_sane(engine, result)
    assert len(result.text) <= engine.policy.clean.max_chars + 1000
