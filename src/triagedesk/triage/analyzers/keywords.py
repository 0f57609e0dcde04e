"""Key terms of a ticket from the category model's own TF-IDF weights (no extra model, no cost)."""

from __future__ import annotations

from triagedesk.triage.analyzers.category import load_model
from triagedesk.triage.learn.prepare import model_text
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import TriageResult
from triagedesk.triage.text import stop_words


class KeyTerms:
    """The words and two-word phrases with the highest TF-IDF weight in the ticket."""

    def __init__(self, policy: Policy) -> None:
        self.model = load_model(policy.category.model)
        self.count = policy.keywords.count

    def __call__(self, result: TriageResult) -> None:
        text = model_text(result.input.subject.strip(), result.model_text)
        result.keywords = self.model.key_terms(text, self.count, stop_words(result.language))


@analyzer("keywords", requires=("model_text", "language"), provides=("keywords",))
def build(policy: Policy) -> Analyzer:
    """Factory for the keywords analyzer."""
    return KeyTerms(policy)
