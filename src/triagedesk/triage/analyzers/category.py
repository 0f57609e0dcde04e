"""Main and sub-category with calibrated confidence, from the TF-IDF linear model."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from triagedesk.triage.learn.coldstart import COLD_START_MODEL
from triagedesk.triage.learn.prepare import model_text
from triagedesk.triage.learn.textmodel import Floats, TextClassifier
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Category, Evidence, Reason, TriageResult
from triagedesk.triage.text import stop_words

_ALTERNATIVES = 3
_EVIDENCE_TERMS = 3


@lru_cache(maxsize=4)
def _load(path: str, modified: float) -> TextClassifier:
    return TextClassifier.load(Path(path))


def load_model(path: str) -> TextClassifier:
    """The model at `path` ("" = the shipped cold-start model), loaded once per process and file version."""
    chosen = Path(path) if path else COLD_START_MODEL
    try:
        modified = chosen.stat().st_mtime
    except OSError:
        modified = 0.0  # let the loader report the missing file
    return _load(str(chosen), modified)


class CategoryClassifier:
    """Labels are 'main' or 'main/sub'; a main category's confidence is the sum over its subs."""

    def __init__(self, policy: Policy) -> None:
        self.model = load_model(policy.category.model)
        self.review_below = policy.category.review_below
        self.names = {key: c.name for key, c in policy.category.taxonomy.items()}
        mains = [label.split("/", 1)[0] for label in self.model.labels]
        self.mains = list(dict.fromkeys(mains))
        # One row per model label, one column per main category: sums sub probabilities.
        self.fold = np.zeros((len(mains), len(self.mains)), dtype=np.float32)
        for row, main in enumerate(mains):
            self.fold[row, self.mains.index(main)] = 1.0

    def __call__(self, result: TriageResult) -> None:
        text = model_text(result.input.subject.strip(), result.model_text)
        self._decide(result, text, self.model.proba(text))

    def batch(self, results: list[TriageResult]) -> None:
        """Same as calling on each; the model has no faster path for a batch."""
        for result in results:
            self(result)

    def _decide(self, result: TriageResult, text: str, proba: Floats) -> None:
        main_proba = proba @ self.fold
        order = np.argsort(-main_proba)
        best = int(order[0])
        main = self.mains[best]
        sub, sub_confidence = self._sub(main, proba, float(main_proba[best]))
        confidence = float(main_proba[best])
        alternatives = [(self.mains[i], float(main_proba[i])) for i in order[1 : 1 + _ALTERNATIVES]]
        result.category = Category(main, sub, confidence, sub_confidence, alternatives)
        best_label = f"{main}/{sub}" if sub else main
        terms = self.model.contributions(
            text, best_label, _EVIDENCE_TERMS, stop_words(result.language)
        )
        evidence = tuple(_locate([term for term, _ in terms], result.text))
        shown = self.names.get(main, main) + (f" / {sub}" if sub else "")
        because = ", ".join(f"'{term}'" for term, _ in terms) or "no known words; the prior"
        detail = f"{shown} ({confidence:.0%}) from {because}"
        result.reasons.append(Reason("category", "category", detail, 0.0, evidence))
        if confidence < self.review_below:
            runner_up = alternatives[0] if alternatives else None
            also = f"; next {runner_up[0]} {runner_up[1]:.0%}" if runner_up else ""
            result.flag_for_review(
                f"category confidence {confidence:.0%} is below {self.review_below:.0%} ({main}{also})"
            )

    def _sub(self, main: str, proba: Floats, main_total: float) -> tuple[str | None, float | None]:
        subs = [
            (i, label) for i, label in enumerate(self.model.labels) if label.startswith(main + "/")
        ]
        if not subs:
            return None, None
        index, label = max(subs, key=lambda item: float(proba[item[0]]))
        share = float(proba[index]) / main_total if main_total > 0 else 0.0
        return label.split("/", 1)[1], share


def _locate(terms: list[str], text: str) -> list[Evidence]:
    """Where each term (a word or a phrase of words) first occurs in the text, ignoring case."""
    found = []
    for term in terms:
        pattern = r"\b" + r"\W+".join(re.escape(word) for word in term.split()) + r"\b"
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            found.append(Evidence(match.group(0), match.start(), match.end()))
    return sorted(found, key=lambda e: e.start)


@analyzer("category", requires=("model_text",), provides=("category",))
def build(policy: Policy) -> Analyzer:
    """Factory for the category analyzer."""
    return CategoryClassifier(policy)
