"""`triagedesk evaluate`: score the engine, or a model trained on the spot, on labelled tickets."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from triagedesk.csvfiles import read_columns
from triagedesk.errors import InputDataError
from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.policy import Policy
from triagedesk.triage.result import TriageInput, TriageResult

TASKS = ("category", "sentiment", "priority", "language")
# The shortest chain that answers each task with the shipped engine.
_CHAINS = {
    "language": ["clean", "language"],
    "sentiment": ["clean", "language", "sentiment"],
    "category": ["clean", "redact", "language", "category"],
}
# Public sentiment sets have three classes; our very_negative is their negative.
_THREE_CLASS = {"very_negative": "negative"}


@dataclasses.dataclass(frozen=True)
class Columns:
    """Which CSV columns hold the text, the label and (optionally) a numeric score."""

    text: str = "text"
    label: str = "label"
    score: str = "score"


def evaluate(
    task: str, policy: Policy, test_path: Path, train_path: Path | None, columns: Columns
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-label figures and confusion matrix of `task` on `test_path`."""
    from triagedesk.triage.learn.metrics import classification_report, spearman

    test = read_columns(test_path, (columns.text, columns.label), optional=(columns.score,))
    if train_path is None:
        predicted, scores = _engine_predictions(task, policy, test[columns.text])
        n_train = 0
    else:
        if task == "language":
            raise InputDataError(
                "language detection is not trained on your data; evaluate it with --no-train"
            )
        train = read_columns(train_path, (columns.text, columns.label))
        predicted, scores = _trained_predictions(
            policy, train[columns.text], train[columns.label], test[columns.text]
        )
        n_train = len(train[columns.text])
    expected = test[columns.label]
    if task == "sentiment":
        predicted = [_THREE_CLASS.get(label, label) for label in predicted]
    if task == "priority" and "critical" not in expected:
        predicted = ["high" if label == "critical" else label for label in predicted]
    report: dict[str, Any] = {"task": task, "n_train": n_train, "n_test": len(expected)}
    report.update(classification_report(expected, predicted))
    if task == "sentiment" and columns.score in test and scores is not None:
        report["spearman"] = spearman(
            scores, [_number(v, columns.score) for v in test[columns.score]]
        )
    return report


def _engine_predictions(
    task: str, policy: Policy, texts: list[str]
) -> tuple[list[str], list[float] | None]:
    chain = _CHAINS.get(task, policy.engine.analyzers)
    engine = Pipeline(
        dataclasses.replace(policy, engine=dataclasses.replace(policy.engine, analyzers=chain))
    )
    results = list(engine.triage_many(TriageInput(text=text) for text in texts))
    labels = [_answer(task, result) for result in results]
    scores = (
        [r.sentiment.score if r.sentiment else 0.0 for r in results]
        if task == "sentiment"
        else None
    )
    return labels, scores


def _answer(task: str, result: TriageResult) -> str:
    if task == "language":
        return result.language or ""
    if task == "sentiment":
        return result.sentiment.label if result.sentiment else ""
    if task == "category":
        return result.category.label if result.category else ""
    return result.priority.level if result.priority else ""


def _trained_predictions(
    policy: Policy, train_texts: list[str], train_labels: list[str], test_texts: list[str]
) -> tuple[list[str], list[float] | None]:
    """Train as `triagedesk train` does (cleaned, redacted texts) and predict the test texts."""
    from triagedesk.triage.learn.prepare import model_inputs
    from triagedesk.triage.learn.textmodel import TextClassifier

    model = TextClassifier.fit(model_inputs(train_texts, policy=policy), train_labels)
    probabilities = model.predict_proba(model_inputs(test_texts, policy=policy))
    labels = [model.labels[i] for i in probabilities.argmax(axis=1)]
    scores = None
    if "positive" in model.labels and "negative" in model.labels:
        pos, neg = model.labels.index("positive"), model.labels.index("negative")
        scores = [float(p[pos] - p[neg]) for p in probabilities]
    return labels, scores


def _number(value: str, column: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise InputDataError(f"column '{column}' should hold numbers, found {value!r}") from None
