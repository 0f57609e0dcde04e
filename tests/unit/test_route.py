import dataclasses

from triagedesk.triage.policy import Policy, RouteRule
from triagedesk.triage.registry import registered
from triagedesk.triage.result import Category, TriageInput, TriageResult


def _route(policy: Policy, category: str | None, language: str) -> TriageResult:
    result = TriageResult(input=TriageInput(text="x"))
    result.language = language
    result.category = Category(category, None, 0.9) if category else None
    registered()["route"].factory(policy)(result)
    return result


def test_category_decides_the_team(policy: Policy) -> None:
    assert _route(policy, "billing", "sv").team == "Billing"


def test_language_rule_comes_before_category(policy: Policy) -> None:
    result = _route(policy, "billing", "de")
    assert result.team == "DACH desk"
    assert "language is de" in result.reasons[-1].detail


def test_unmapped_category_goes_to_default_team(policy: Policy) -> None:
    assert _route(policy, None, "en").team == policy.route.default_team


def test_rule_matching_both_category_and_language(policy: Policy) -> None:
    rules = [RouteRule(team="Nordic billing", category="billing", language="da")]
    custom = dataclasses.replace(policy, route=dataclasses.replace(policy.route, rules=rules))
    assert _route(custom, "billing", "da").team == "Nordic billing"
    assert _route(custom, "billing", "sv").team == "Billing"
    assert _route(custom, "technical", "da").team == "Technical support"
