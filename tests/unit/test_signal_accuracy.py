"""Signals accuracy on the labelled sets in tests/data/signals, scored on the held-out lines.

Measured on the holdout split (63 labels per language, three writing rounds) with the default
policy, via benchmarks/eval_signals.py (precision / recall): sv 0.91 / 0.68, da 0.91 / 0.62,
no 0.88 / 0.59, de 0.92 / 0.57, en 1.00 / 0.71. With the phrase lists as they were before the
second tuning pass: sv 0.79 / 0.59, da 0.78 / 0.49, no 0.79 / 0.54, de 0.76 / 0.41,
en 0.89 / 0.52. The floors below sit two labels under the measured figures.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from triagedesk.triage.policy import Policy

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "eval_signals.py"
LANGUAGES = ("sv", "da", "no", "de", "en")
HOLDOUT_FLOORS = {  # language: (precision, recall)
    "sv": (0.87, 0.65),
    "da": (0.86, 0.58),
    "no": (0.84, 0.55),
    "de": (0.87, 0.54),
    "en": (0.95, 0.68),
}


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_signals", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_signals"] = module
    spec.loader.exec_module(module)
    return module


eval_signals = _load_benchmark()


@pytest.mark.parametrize("language", LANGUAGES)
def test_holdout_precision_and_recall_stay_above_measured_floors(
    policy: Policy, language: str
) -> None:
    holdout = [e for e in eval_signals.load_examples(language) if e.split == "holdout"]
    scores = eval_signals.score(holdout, language, eval_signals.signal_finder(policy))
    precision_floor, recall_floor = HOLDOUT_FLOORS[language]
    assert scores.overall.precision >= precision_floor, scores.errors
    assert scores.overall.recall >= recall_floor, scores.errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_labelled_set_covers_every_sub_kind_and_has_hard_negatives(
    policy: Policy, language: str
) -> None:
    examples = eval_signals.load_examples(language)
    positives = Counter(label for e in examples for label in e.signals)
    known = {
        f"{kind}/{sub}" for kind, subs in policy.priority.signal_points.items() for sub in subs
    }
    assert set(positives) == known
    assert min(positives.values()) >= 4
    assert sum(not e.signals for e in examples) >= 40
    assert 0.25 <= sum(e.split == "holdout" for e in examples) / len(examples) <= 0.4
    assert len({e.text for e in examples}) == len(examples)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_writing_round_keeps_holdout_lines_with_negatives(language: str) -> None:
    """A writing round keeps at least 15 holdout lines, some without signals.

    Round 4 is the exception: sentences from the demo tickets that showed a list's mistakes,
    added as dev lines while fixing them (a fix round writes no holdout lines).
    """
    examples = eval_signals.load_examples(language)
    for round_ in {e.round for e in examples} - {4}:
        holdout = [e for e in examples if e.round == round_ and e.split == "holdout"]
        assert len(holdout) >= 15
        assert any(not e.signals for e in holdout)
    assert all(e.split == "dev" for e in examples if e.round == 4)


def test_weaker_sub_kind_is_dropped_when_the_stronger_one_is_found() -> None:
    found = {"business_impact/strong", "business_impact/moderate", "time_criticality/moderate"}
    assert eval_signals.strongest_only(found) == {
        "business_impact/strong",
        "time_criticality/moderate",
    }
