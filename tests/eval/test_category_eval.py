"""Category model on the real data sets, against the plain reference, through benchmarks/eval_real_data.py.

Floors are the figures measured on the test splits (benchmarks/results/eval_real_data.md), rounded
down a little: banking77 0.9227, bitext 0.9989, tickets-queue 0.4278, tickets-priority 0.4837,
cfpb-product 0.4950 (the last three macro-F1).
The issue's targets that are not reached yet are recorded as expected failures.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.eval.benchmarks import DATA, load_benchmark

pytestmark = pytest.mark.eval

# set key -> floor of our headline metric (accuracy or macro-F1, as the benchmark names it)
FLOORS = {
    "banking77": 0.92,
    "bitext": 0.995,
    "tickets-queue": 0.42,
    "tickets-priority": 0.48,
    "cfpb-product": 0.47,
}
TARGETS = {"banking77": 0.92, "bitext": 0.99, "tickets-queue": 0.45}


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, Any]]:
    if not (DATA / "banking77" / "train.csv").is_file():
        pytest.skip(f"evaluation data not found in {DATA}")
    bench = load_benchmark("eval_real_data")
    chosen = [s for s in bench.SETS if s.key in FLOORS]
    return {s.key: bench.evaluate_set(s, curve=False) for s in chosen}


def _headline(result: dict[str, Any]) -> tuple[float, float]:
    full = result["runs"][-1]
    metric = result["metric"]
    return full["ours"][metric], full["reference"][metric]


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_ours_reaches_its_floor_and_never_loses_to_the_reference(
    measured: dict[str, dict[str, Any]], key: str
) -> None:
    ours, reference = _headline(measured[key])
    assert ours >= FLOORS[key], f"{key}: {ours:.4f} below the floor {FLOORS[key]}"
    assert ours >= reference, f"{key}: ours {ours:.4f} < reference {reference:.4f}"


@pytest.mark.parametrize("key", sorted(TARGETS))
def test_issue_targets(measured: dict[str, dict[str, Any]], key: str) -> None:
    ours, _ = _headline(measured[key])
    if ours < TARGETS[key]:
        pytest.xfail(f"{key}: target {TARGETS[key]} not reached, {ours:.4f} measured")
    assert ours >= TARGETS[key]


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_issue_target_better_than_the_reference(
    measured: dict[str, dict[str, Any]], key: str
) -> None:
    ours, reference = _headline(measured[key])
    if ours <= reference:
        pytest.xfail(f"{key}: {ours:.4f}, reference {reference:.4f}; the issue asks for better")
    assert ours > reference
