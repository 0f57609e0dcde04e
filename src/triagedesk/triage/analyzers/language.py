"""Detect the ticket's language among the configured ones; fall back when the text can't tell."""

from __future__ import annotations

import math
import re

from triagedesk.errors import PolicyError
from triagedesk.triage.analyzers._langid_model import UnknownLanguages, restricted_identifier
from triagedesk.triage.analyzers._nordic_cues import SCANDINAVIAN, cue_hits
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Reason, TriageResult

# Our code -> py3langid's codes: it knows Bokmål as "no" and Nynorsk as "nn".
_DETECTOR_CODES = {"no": ("no", "nn")}
_OUR_CODE = {"nn": "no", "nb": "no"}
# Log-odds one distinguishing word adds among Swedish, Danish and Norwegian (see _nordic_cues):
# one clear word ("ikkje", "hvad", "inte") outweighs the n-gram model's lean on a short text.
# Accuracy was flat between 0.5 and 1.5 on the train splits; the test splits were not used.
_CUE_WEIGHT = 1.0
# Below this joint probability the text is not Scandinavian and the split among sv/da/no is moot.
_SCANDINAVIAN_MASS = 1e-4
# Links and placeholders (ours, or a template's "<name>") say nothing about the language.
_NOT_WORDS = re.compile(r"\b(?:https?://|www\.)\S+|<[A-Za-z_]{1,30}>", re.IGNORECASE)


class LanguageDetector:
    """py3langid restricted to the policy's languages, re-ranked among sv/da/no by word cues."""

    def __init__(self, policy: Policy) -> None:
        self.languages = list(policy.engine.languages)
        self.default = policy.engine.default_language
        self.settings = policy.language
        codes = tuple(
            code for lang in self.languages for code in _DETECTOR_CODES.get(lang, (lang,))
        )
        try:
            self.model = restricted_identifier(codes, policy.language.cache_dir)
        except UnknownLanguages as exc:
            raise PolicyError(
                f"{policy.source}: [engine.languages] has {exc}, which the language detector "
                "does not know; use ISO 639-1 codes such as sv, da, no, de, en, fi"
            ) from None

    def __call__(self, result: TriageResult) -> None:
        sample = self.sample(result)
        letters = sum(map(str.isalpha, sample))
        ranked = self.rank(sample, letters) if letters else []
        best, confidence = ranked[0] if ranked else (self.default, 0.0)
        if letters < self.settings.min_chars:
            why = f"text too short to tell ({letters} letters)"
            self._fall_back(result, why, (best, confidence) if ranked else None, dict(ranked))
        elif confidence < self.settings.min_confidence:
            why = f"unsure ({_alternatives(ranked)})"
            self._fall_back(result, why, (best, confidence), dict(ranked))
        else:
            self._settle(result, best, confidence, "detected", f"detected {_alternatives(ranked)}")

    def sample(self, result: TriageResult) -> str:
        """The start of the cleaned text without personal data, links or placeholders."""
        limit = max(self.settings.sample_chars, 1)
        parts: list[str] = []
        position = 0
        for redaction in result.redactions:
            if redaction.start >= limit:
                break
            parts.append(result.text[position : redaction.start])
            position = redaction.end
        parts.append(result.text[position : position + limit])
        return _NOT_WORDS.sub(" ", " ".join(parts))[:limit]

    def rank(self, sample: str, letters: int) -> list[tuple[str, float]]:
        """Our languages with their probabilities, most likely first."""
        if sum(map(str.isupper, sample)) * 2 > letters:
            sample = sample.lower()  # ALL CAPS shouting reads as lower case to the n-gram model
        probabilities: dict[str, float] = {}
        for code, probability in self.model.rank(sample):
            ours = _OUR_CODE.get(code, code)
            # Bokmål and Nynorsk look alike to the model: summing them would double Norwegian.
            probabilities[ours] = max(probabilities.get(ours, 0.0), probability)
        total = sum(probabilities.values()) or 1.0
        probabilities = {lang: probability / total for lang, probability in probabilities.items()}
        _rerank_scandinavian(probabilities, sample)
        return sorted(probabilities.items(), key=lambda item: item[1], reverse=True)

    def _fall_back(
        self,
        result: TriageResult,
        why: str,
        detected: tuple[str, float] | None,
        probabilities: dict[str, float],
    ) -> None:
        customer = _our_code(result.input.customer_language)
        if customer in self.languages:
            detail = f"{why}; using the customer's language {customer}"
            self._settle(result, customer, probabilities.get(customer, 0.0), "customer", detail)
        elif detected is not None:
            self._settle(
                result, detected[0], detected[1], "detected", f"{why}; keeping {detected[0]}"
            )
        else:
            detail = f"{why}; using the default language {self.default}"
            self._settle(result, self.default, 0.0, "default", detail)

    @staticmethod
    def _settle(
        result: TriageResult, language: str, confidence: float, source: str, detail: str
    ) -> None:
        result.language = language
        result.language_confidence = confidence
        result.language_source = source
        result.reasons.append(Reason("language", "language", detail))


def _rerank_scandinavian(probabilities: dict[str, float], sample: str) -> None:
    """Share the Scandinavian probability mass anew, weighing in words that tell them apart."""
    present = [lang for lang in SCANDINAVIAN if lang in probabilities]
    mass = sum(probabilities[lang] for lang in present)
    if len(present) < 2 or mass < _SCANDINAVIAN_MASS:
        return
    hits = cue_hits(sample)
    if len({hits[lang] for lang in present}) < 2:
        return
    scores = {
        lang: math.log(max(probabilities[lang], 1e-12)) + _CUE_WEIGHT * hits[lang]
        for lang in present
    }
    top = max(scores.values())
    weights = {lang: math.exp(score - top) for lang, score in scores.items()}
    total = sum(weights.values())
    for lang in present:
        probabilities[lang] = mass * weights[lang] / total


def _alternatives(ranked: list[tuple[str, float]]) -> str:
    return ", ".join(f"{lang} {probability:.2f}" for lang, probability in ranked[:2])


def _our_code(code: str | None) -> str | None:
    """A customer's language tag as one of our codes: "sv-SE" -> "sv", "nb" -> "no"."""
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    return _OUR_CODE.get(primary, primary)


@analyzer("language", requires=("text",), provides=("language",))
def build(policy: Policy) -> Analyzer:
    """Factory for the language analyzer."""
    return LanguageDetector(policy)
