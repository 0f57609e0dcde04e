from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import registered
from triagedesk.triage.result import Evidence, Sentiment, Signal, TriageInput, TriageResult


def _score(
    policy: Policy, signals: list[tuple[str, str]], label: str = "neutral", **customer: object
) -> TriageResult:
    result = TriageResult(input=TriageInput(text="x", **customer))  # type: ignore[arg-type]
    result.signals = [
        Signal(kind, sub, sub, Evidence(sub, i, i + 1)) for i, (kind, sub) in enumerate(signals)
    ]
    result.sentiment = Sentiment(-0.9 if label == "very_negative" else 0.0, label)
    registered()["priority"].factory(policy)(result)
    assert result.priority is not None
    return result


def test_worked_example_points_add_up_to_critical(policy: Policy) -> None:
    signals = [
        ("business_impact", "strong"),
        ("time_criticality", "strong"),
        ("escalation_risk", "competitor"),
    ]
    result = _score(policy, signals, "very_negative", tier="A", annual_value=280000)
    breakdown = {r.factor: r.points for r in result.priority.reasons}
    assert breakdown == {
        "customer_value": 3, "business_impact": 4, "time_criticality": 3, "escalation_risk": 3, "sentiment": 2,
    }  # fmt: skip
    assert result.priority.points == 15
    assert result.priority.level == "critical"


def test_only_the_strongest_sub_kind_of_a_signal_counts(policy: Policy) -> None:
    signals = [
        ("escalation_risk", "public"),
        ("escalation_risk", "legal"),
        ("escalation_risk", "public"),
    ]
    result = _score(policy, signals)
    assert [(r.factor, r.points) for r in result.priority.reasons] == [("escalation_risk", 3)]


def test_customer_value_takes_the_larger_of_tier_and_annual_value(policy: Policy) -> None:
    result = _score(policy, [], tier="C", annual_value=600000)
    assert result.priority.reasons[0].points == 4
    assert "annual value 600 000" in result.priority.reasons[0].detail


def test_calm_question_from_small_customer_is_low(policy: Policy) -> None:
    result = _score(policy, [], "neutral", tier="C")
    assert result.priority.level == "low"
    assert result.priority.points == 0


def test_level_thresholds_are_inclusive(policy: Policy) -> None:
    high = _score(
        policy,
        [
            ("business_impact", "strong"),
            ("time_criticality", "strong"),
            ("repeat_contact", "repeat"),
        ],
    )
    assert high.priority.points == 8
    assert high.priority.level == "high"
    medium = _score(policy, [("business_impact", "strong")])
    assert medium.priority.level == "medium"


def test_every_point_has_a_reason_with_evidence_for_signals(policy: Policy) -> None:
    result = _score(policy, [("security", "breach")], "negative", tier="VIP")
    assert sum(r.points for r in result.priority.reasons) == result.priority.points
    security = next(r for r in result.priority.reasons if r.factor == "security")
    assert security.evidence and security.evidence[0].text == "breach"
