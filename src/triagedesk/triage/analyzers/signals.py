"""Business signals: impact, time pressure, escalation risk, repeat contact, security."""

from __future__ import annotations

from functools import lru_cache

from triagedesk.triage.lexicon import PhraseMatcher, load_lexicon
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Evidence, Reason, Signal, TriageResult
from triagedesk.triage.text import tokenize

# English phrases are also looked for in other languages: "ASAP" and "deadline" travel.
_SECOND_LANGUAGE = "en"


@lru_cache(maxsize=32)
def _matcher(language: str, lexicon_dir: str, max_gap: int) -> PhraseMatcher:
    lexicon = load_lexicon(language, lexicon_dir)
    phrases: list[tuple[str, tuple[str, ...]]] = [
        (phrase, (kind, sub))
        for kind, subs in lexicon.signals.items()
        for sub, phrase_list in subs.items()
        for phrase in phrase_list
    ]
    return PhraseMatcher(phrases, language, max_gap)


class SignalFinder:
    """Finds the signal phrases of the ticket's language (and English) in its text."""

    def __init__(self, policy: Policy) -> None:
        self.lexicon_dir = policy.signals.lexicon_dir
        self.max_gap = policy.signals.max_gap

    def __call__(self, result: TriageResult) -> None:
        language = result.language or _SECOND_LANGUAGE
        seen: set[tuple[str, str, int, int]] = set()
        for lang in dict.fromkeys((language, _SECOND_LANGUAGE)):
            tokens = tokenize(result.text, lang)
            for match in _matcher(lang, self.lexicon_dir, self.max_gap).find(tokens):
                kind, sub = match.phrase.payload
                key = (kind, sub, match.start, match.end)
                if key in seen or _inside_known(seen, kind, match.start, match.end):
                    continue
                seen.add(key)
                evidence = Evidence(result.text[match.start : match.end], match.start, match.end)
                result.signals.append(Signal(kind, sub, match.phrase.text, evidence))
        result.signals.sort(key=lambda s: s.evidence.start)
        for signal in result.signals:
            result.reasons.append(
                Reason(
                    "signals", signal.kind, f"{signal.kind}/{signal.sub}", 0.0, (signal.evidence,)
                )
            )


def _inside_known(seen: set[tuple[str, str, int, int]], kind: str, start: int, end: int) -> bool:
    """True when a longer match of the same kind already covers this span."""
    return any(k == kind and s <= start and end <= e for k, _, s, e in seen)


@analyzer("signals", requires=("text", "language"), provides=("signals",))
def build(policy: Policy) -> Analyzer:
    """Factory for the signals analyzer."""
    return SignalFinder(policy)
