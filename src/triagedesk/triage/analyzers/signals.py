"""Business signals: impact, time pressure, escalation risk, repeat contact, security."""

from __future__ import annotations

from functools import lru_cache

from triagedesk.triage.lexicon import PhraseMatch, PhraseMatcher, load_lexicon
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Evidence, Reason, Signal, TriageResult
from triagedesk.triage.text import tokenize

# English phrases are also looked for in other languages: "ASAP" and "deadline" travel.
_SECOND_LANGUAGE = "en"
# The sub-list of a kind whose phrases deny or only suppose it ("no data was lost"). They match
# word for word, with no gap, so "not urgent" does not hide "not fixed urgently"; a signal of
# that kind overlapping one of them is dropped, and they are never reported themselves.
NEGATED = "negated"


@lru_cache(maxsize=32)
def _matcher(language: str, lexicon_dir: str, max_gap: int) -> PhraseMatcher:
    """The signal phrases of a language, its negated phrases (word for word) among them."""
    lexicon = load_lexicon(language, lexicon_dir)
    phrases: list[tuple[str, tuple[str, ...]]] = [
        (phrase, (kind, sub))
        for kind, subs in lexicon.signals.items()
        for sub, phrase_list in subs.items()
        for phrase in phrase_list
    ]
    negated = [(kind, NEGATED) for kind in lexicon.signals]
    return PhraseMatcher(phrases, language, max_gap, exact=negated)


class SignalFinder:
    """Finds the signal phrases of the ticket's language (and English) in its text."""

    def __init__(self, policy: Policy) -> None:
        self.lexicon_dir = policy.signals.lexicon_dir
        self.max_gap = policy.signals.max_gap

    def __call__(self, result: TriageResult) -> None:
        language = result.language or _SECOND_LANGUAGE
        found = [
            match
            for lang in dict.fromkeys((language, _SECOND_LANGUAGE))
            for match in _matcher(lang, self.lexicon_dir, self.max_gap).find(
                tokenize(result.text, lang)
            )
        ]
        matches = [m for m in found if m.phrase.payload[1] != NEGATED]
        denials = [m for m in found if m.phrase.payload[1] == NEGATED]
        for match in _kept(matches, denials):
            kind, sub = match.phrase.payload
            evidence = Evidence(result.text[match.start : match.end], match.start, match.end)
            result.signals.append(Signal(kind, sub, match.phrase.text, evidence))
        result.signals.sort(key=lambda s: s.evidence.start)
        for signal in result.signals:
            result.reasons.append(
                Reason(
                    "signals", signal.kind, f"{signal.kind}/{signal.sub}", 0.0, (signal.evidence,)
                )
            )


def _kept(matches: list[PhraseMatch], denials: list[PhraseMatch]) -> list[PhraseMatch]:
    """Matches not denied by a negated phrase of their kind, nor inside a longer one of it.

    The longer match is the more specific phrase: "can't work properly" (moderate) wins over the
    "can't work" (strong) inside it.
    """
    kept: list[PhraseMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        kind = match.phrase.payload[0]
        if any(_overlap(match, other) for other in denials if other.phrase.payload[0] == kind):
            continue
        if any(
            other.phrase.payload[0] == kind
            and other.start <= match.start
            and match.end <= other.end
            for other in kept
        ):
            continue
        kept.append(match)
    return kept


def _overlap(a: PhraseMatch, b: PhraseMatch) -> bool:
    return a.start < b.end and b.start < a.end


@analyzer("signals", requires=("text", "language"), provides=("signals",))
def build(policy: Policy) -> Analyzer:
    """Factory for the signals analyzer."""
    return SignalFinder(policy)
