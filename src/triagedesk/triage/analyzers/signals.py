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
# The sub-list of a kind whose phrases deny or only suppose it ("no data was lost"): a signal of
# that kind overlapping one of them is dropped, and they are never reported themselves.
NEGATED = "negated"


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
        matches = [
            match
            for lang in dict.fromkeys((language, _SECOND_LANGUAGE))
            for match in _matcher(lang, self.lexicon_dir, self.max_gap).find(
                tokenize(result.text, lang)
            )
        ]
        for match in _kept(matches):
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


def _kept(matches: list[PhraseMatch]) -> list[PhraseMatch]:
    """Matches not denied by a negated phrase of their kind, nor inside a longer one of it."""
    denied = [
        (m.phrase.payload[0], m.start, m.end) for m in matches if m.phrase.payload[1] == NEGATED
    ]
    kept: list[PhraseMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        kind, sub = match.phrase.payload
        if sub == NEGATED or any(
            k == kind and s < match.end and match.start < e for k, s, e in denied
        ):
            continue
        if any(
            k.phrase.payload[0] == kind and k.start <= match.start and match.end <= k.end
            for k in kept
        ):
            continue
        kept.append(match)
    return kept


@analyzer("signals", requires=("text", "language"), provides=("signals",))
def build(policy: Policy) -> Analyzer:
    """Factory for the signals analyzer."""
    return SignalFinder(policy)
