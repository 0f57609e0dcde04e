import re
from pathlib import Path

import pytest

from triagedesk.errors import PolicyError
from triagedesk.triage.policy import DEFAULT_POLICY_PATH, Policy, load_policy

DOCS = Path(__file__).resolve().parents[2] / "docs" / "policy.md"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_policy_loads_with_typed_values(policy: Policy) -> None:
    assert policy.priority.levels["critical"] == 12.0
    assert policy.sla.first_response["critical"] == "15m"
    assert "technical" in policy.category.taxonomy
    assert policy.category.taxonomy["technical"].subs == ["bug", "performance", "outage"]


def test_user_file_overrides_only_the_keys_it_sets(tmp_path: Path) -> None:
    path = _write(tmp_path, "[sentiment]\nnegative_below = -0.2\n")
    policy = load_policy(path)
    assert policy.sentiment.negative_below == -0.2
    assert policy.sentiment.positive_above == load_policy().sentiment.positive_above


def test_unknown_key_names_the_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "[priority]\nlevelz = 3\n")
    with pytest.raises(PolicyError, match=r"mine\.toml: unknown key \[priority\.levelz\]"):
        load_policy(path)


def test_wrong_type_names_the_file_key_and_expectation(tmp_path: Path) -> None:
    path = _write(
        tmp_path, '[priority]\nlevels = { critical = "high", high = 8, medium = 4, low = 0 }\n'
    )
    with pytest.raises(
        PolicyError,
        match=r"mine\.toml: \[priority\.levels\.critical\] expected a number, got 'high'",
    ):
        load_policy(path)


def test_invalid_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "[priority\n")
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_policy(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="policy file not found"):
        load_policy(tmp_path / "nope.toml")


def test_sla_must_cover_every_priority_level(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "[priority]\nlevels = { urgent = 10, critical = 12, high = 8, medium = 4, low = 0 }\n",
    )
    with pytest.raises(
        PolicyError, match=r"\[sla\.first_response\] needs a target for every priority level"
    ):
        load_policy(path)


def test_route_rule_without_team_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '[route]\nrules = [{ language = "da" }]\n')
    with pytest.raises(PolicyError, match=r"\[route\.rules\.0\.team\]"):
        load_policy(path)


def _policy_keys(data: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if prefix.startswith(("category.taxonomy.",)):
            continue
        keys.add(dotted)
        open_tables = (
            "category.taxonomy",
            "priority.signal_points",
            "priority.levels",
            "priority.tier_points",
            "priority.sentiment_points",
            "route.category_teams",
            "sla.first_response",
            "sla.resolution",
        )
        if isinstance(value, dict) and dotted not in open_tables:
            keys |= _policy_keys(value, dotted + ".")
    return keys


def test_every_policy_key_is_documented() -> None:
    import tomllib

    data = tomllib.loads(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))
    documented = set(re.findall(r"`([a-z_]+\.[a-z_.]+)`", DOCS.read_text(encoding="utf-8")))
    leaf_keys = {k for k in _policy_keys(data) if "." in k}
    missing = sorted(leaf_keys - documented)
    assert not missing, f"policy keys missing from docs/policy.md: {missing}"
