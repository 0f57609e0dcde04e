"""Sentiment of the shipped engine (no training) on the public test splits.

Scored through `triagedesk.evaluation.evaluate` as `triagedesk evaluate --no-train` does, via
benchmarks/eval_sentiment.py; `very_negative` counts as `negative` on these 3-class sets. Floors
are the figures measured on the test splits, rounded down a little.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.eval.benchmarks import DATA, load_benchmark

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def shipped() -> dict[str, dict[str, Any]]:
    bench = load_benchmark("eval_sentiment")
    sets = bench.available(DATA)
    if not sets:
        pytest.skip(f"sentiment data sets not found in {DATA}")
    policy = bench.load_policy()
    return {data_set.name: bench.shipped(data_set, DATA, policy) for data_set in sets}


def _figures(shipped: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    if name not in shipped:
        pytest.skip(f"{name} not found in {DATA}")
    return shipped[name]


def test_swedish_trustpilot_meets_the_targets(shipped: dict[str, dict[str, Any]]) -> None:
    """Measured macro-F1 0.609 and Spearman 0.730 against the stars (targets 0.55 / 0.45)."""
    figures = _figures(shipped, "sentiment_sv_trustpilot")
    assert figures["macro_f1"] >= 0.59
    assert figures["spearman"] >= 0.70


def test_danish_lcc_europarl_keeps_its_measured_accuracy(
    shipped: dict[str, dict[str, Any]],
) -> None:
    """Measured accuracy 0.661 (76 of 115), macro-F1 0.654, Spearman 0.645 against valence."""
    figures = _figures(shipped, "sentiment_da_lcc_europarl")
    assert figures["accuracy"] >= 0.65
    assert figures["macro_f1"] >= 0.64
    assert figures["spearman"] >= 0.63


@pytest.mark.xfail(
    strict=True,
    reason="target 0.70 not reached: 0.661 measured (plain AFINN-da scores 0.600 on this split)",
)
def test_danish_lcc_europarl_reaches_the_target_accuracy(
    shipped: dict[str, dict[str, Any]],
) -> None:
    """The issue's target; strict, so reaching it turns this into a failure to update."""
    assert _figures(shipped, "sentiment_da_lcc_europarl")["accuracy"] >= 0.70


@pytest.mark.parametrize(
    ("name", "accuracy", "macro_f1"),
    [
        ("sentiment_sv_twitter_emoji", 0.67, 0.51),
        ("sentiment_da_political_comments", 0.57, 0.55),
        ("sentiment_no_norec_sentence", 0.50, 0.43),
    ],
)
def test_the_other_sets_keep_their_measured_figures(
    shipped: dict[str, dict[str, Any]], name: str, accuracy: float, macro_f1: float
) -> None:
    """Measured: twitter emoji 0.689 / 0.534, political comments 0.581 / 0.565, NoReC 0.516 / 0.449."""
    figures = _figures(shipped, name)
    assert figures["accuracy"] >= accuracy and figures["macro_f1"] >= macro_f1
