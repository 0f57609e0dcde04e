"""Accuracy, macro-F1, per-label precision/recall, confusion matrix and Spearman correlation."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np


def classification_report(expected: list[str], predicted: list[str]) -> dict[str, Any]:
    """The figures `triagedesk evaluate` prints, over the labels of both lists."""
    if len(expected) != len(predicted):
        raise ValueError(f"{len(expected)} expected labels but {len(predicted)} predictions")
    labels = sorted(set(expected) | set(predicted))
    pairs = Counter(zip(expected, predicted, strict=True))
    support = Counter(expected)
    guessed = Counter(predicted)
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        hits = pairs[(label, label)]
        precision = hits / guessed[label] if guessed[label] else 0.0
        recall = hits / support[label] if support[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support[label],
        }
    scored = [label for label in labels if support[label]]
    correct = sum(pairs[(label, label)] for label in labels)
    return {
        "accuracy": round(correct / len(expected), 4) if expected else 0.0,
        # Macro-F1 over the labels that occur in the test set (as scikit-learn does with labels=y_true).
        "macro_f1": round(float(np.mean([per_label[lb]["f1"] for lb in scored])), 4)
        if scored
        else 0.0,
        "per_label": per_label,
        "labels": labels,
        "confusion": [[pairs[(row, col)] for col in labels] for row in labels],
    }


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation (ties get their average rank); 0.0 when either side is constant."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} scores but {len(ys)} reference values")
    if len(xs) < 2:
        return 0.0
    rx, ry = _ranks(np.asarray(xs, dtype=float)), _ranks(np.asarray(ys, dtype=float))
    if rx.std() == 0 or ry.std() == 0:
        return 0.0
    return round(float(np.corrcoef(rx, ry)[0, 1]), 4)


def _ranks(values: np.ndarray) -> np.ndarray:
    order = values.argsort(kind="mergesort")
    ranks = np.empty(len(values), dtype=float)
    ranks[order] = np.arange(1, len(values) + 1)
    # Average the ranks of tied values.
    unique, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    if len(unique) == len(values):
        return ranks
    sums = np.bincount(inverse, weights=ranks)
    return (sums / counts)[inverse]
