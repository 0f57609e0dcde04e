"""Team suggestion from category and language: policy rules first, then the category's team."""

from __future__ import annotations

from triagedesk.triage.policy import Policy, RouteRule
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Reason, TriageResult


class TeamRouter:
    """Picks the team that should own the ticket."""

    def __init__(self, policy: Policy) -> None:
        self.route = policy.route

    def __call__(self, result: TriageResult) -> None:
        category = result.category.label if result.category else ""
        language = result.language or ""
        rule = next((r for r in self.route.rules if _applies(r, category, language)), None)
        if rule is not None:
            result.team = rule.team
            why = " and ".join(
                f"{name} is {value}"
                for name, value in (("category", rule.category), ("language", rule.language))
                if value
            )
            detail = f"team {rule.team}: rule where {why or 'always'}"
        elif category in self.route.category_teams:
            result.team = self.route.category_teams[category]
            detail = f"team {result.team}: category {category}"
        else:
            result.team = self.route.default_team
            detail = f"team {result.team}: default team"
        result.reasons.append(Reason("route", "team", detail))


def _applies(rule: RouteRule, category: str, language: str) -> bool:
    return (not rule.category or rule.category == category) and (
        not rule.language or rule.language == language
    )


@analyzer("route", requires=("language",), provides=("team",))
def build(policy: Policy) -> Analyzer:
    """Factory for the route analyzer."""
    return TeamRouter(policy)
