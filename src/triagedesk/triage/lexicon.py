"""Per-language phrase lists and sentiment cues, and an inflection-tolerant phrase matcher."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from triagedesk.errors import PolicyError
from triagedesk.triage.text import Token, stem_words, tokenize

LEXICON_DIR = Path(__file__).with_name("lexicons")
SIGNAL_KINDS = (
    "business_impact",
    "time_criticality",
    "escalation_risk",
    "repeat_contact",
    "security",
)
_SENTIMENT_LISTS = ("negators", "boosters", "dampeners")
# Distinct words whose candidate phrases a matcher remembers.
_SEEN_WORDS = 50_000


@dataclass(frozen=True)
class Lexicon:
    """One language's signal phrases and sentiment cues."""

    language: str
    signals: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    negators: frozenset[str] = frozenset()
    boosters: frozenset[str] = frozenset()
    dampeners: frozenset[str] = frozenset()
    cues: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Word:
    value: str
    how: str  # "stem", "prefix" (`word*`) or "exact" (`=word`)

    def matches(self, token: Token) -> bool:
        if self.how == "stem":
            return token.stem == self.value
        if self.how == "prefix":
            return token.lower.startswith(self.value)
        return token.lower == self.value


@dataclass(frozen=True)
class Phrase:
    """A phrase from a list, ready to match, with what it stands for."""

    text: str
    payload: tuple[str, ...]
    words: tuple[_Word, ...]
    # Stems and exact forms the text must contain for this phrase to be worth scanning for.
    stems: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    # How many other words may stand between two of its words.
    gap: int = 2


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A phrase found in a text: token range and character offsets."""

    phrase: Phrase
    first: int
    last: int
    start: int
    end: int


class PhraseMatcher:
    """Finds phrases by stem (`word*` prefix, `=word` exact form), allowing a few words between."""

    def __init__(
        self,
        phrases: list[tuple[str, tuple[str, ...]]],
        language: str,
        max_gap: int,
        exact: Collection[tuple[str, ...]] = (),
    ) -> None:
        """`exact` lists payloads whose phrases must match word for word, whatever `max_gap`."""
        self.max_gap = max_gap
        # Phrases indexed by how their first word is compared, so each token costs a few lookups.
        by_head: dict[str, dict[str, list[Phrase]]] = {
            how: defaultdict(list) for how in ("stem", "prefix", "exact")
        }
        for text, payload in phrases:
            phrase = _compile(text, payload, language, 0 if payload in exact else max_gap)
            if phrase.words:
                head = phrase.words[0]
                by_head[head.how][head.value].append(phrase)
        self._by_stem, self._by_prefix, self._by_exact = (
            dict(by_head[how]) for how in ("stem", "prefix", "exact")
        )
        self._prefix_lengths = sorted({len(value) for value in self._by_prefix})
        # Candidates by lowercased word (the stem follows from it: one matcher, one language).
        self._seen: dict[str, list[Phrase]] = {}

    def find(self, tokens: list[Token]) -> list[PhraseMatch]:
        """Every phrase occurrence, leftmost first."""
        found = []
        stems = {token.stem for token in tokens}
        forms = {token.lower for token in tokens}
        seen = self._seen
        for i, token in enumerate(tokens):
            candidates = seen.get(token.lower)
            if candidates is None:
                candidates = self._candidates(token)
            for phrase in candidates:
                if not (phrase.stems <= stems and phrase.forms <= forms):
                    continue
                last = self._match_rest(phrase, tokens, i)
                if last is not None:
                    found.append(PhraseMatch(phrase, i, last, token.start, tokens[last].end))
        return found

    def _candidates(self, token: Token) -> list[Phrase]:
        if len(self._seen) >= _SEEN_WORDS:
            self._seen.clear()
        known = self._seen[token.lower] = self._lookup(token)
        return known

    def _lookup(self, token: Token) -> list[Phrase]:
        candidates = list(self._by_stem.get(token.stem, ()))
        candidates += self._by_exact.get(token.lower, ())
        for length in self._prefix_lengths:
            if length > len(token.lower):
                break
            candidates += self._by_prefix.get(token.lower[:length], ())
        return candidates

    def _match_rest(self, phrase: Phrase, tokens: list[Token], first: int) -> int | None:
        position = first
        for word in phrase.words[1:]:
            end = min(position + 2 + phrase.gap, len(tokens))
            position = next((k for k in range(position + 1, end) if word.matches(tokens[k])), -1)
            if position < 0:
                return None
        return position


def _compile(text: str, payload: tuple[str, ...], language: str, gap: int) -> Phrase:
    words: list[_Word] = []
    for piece in text.lower().split():
        prefix, exact = piece.endswith("*"), piece.startswith("=")
        parts = [token.lower for token in tokenize(piece.strip("*="), None)]
        for n, part in enumerate(parts):
            if prefix and n == len(parts) - 1:
                words.append(_Word(part, "prefix"))
            elif exact:
                words.append(_Word(part, "exact"))
            else:
                words.append(_Word(stem_words([part], language)[0], "stem"))
    stems = frozenset(w.value for w in words if w.how == "stem")
    forms = frozenset(w.value for w in words if w.how == "exact")
    return Phrase(text, payload, tuple(words), stems, forms, gap)


@lru_cache(maxsize=32)
def load_lexicon(language: str, lexicon_dir: str = "") -> Lexicon:
    """The lexicon for a language (empty when there is no file for it)."""
    folder = Path(lexicon_dir) if lexicon_dir else LEXICON_DIR
    path = folder / f"{language}.toml"
    if not path.exists():
        return Lexicon(language)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: not valid TOML ({exc})") from None
    return _parse_lexicon(language, data, path)


def _parse_lexicon(language: str, data: dict[str, Any], path: Path) -> Lexicon:
    signals: dict[str, dict[str, list[str]]] = {}
    for kind, subs in data.get("signals", {}).items():
        if kind not in SIGNAL_KINDS or not isinstance(subs, dict):
            raise PolicyError(
                f"{path}: [signals.{kind}] unknown; expected one of {', '.join(SIGNAL_KINDS)}"
            )
        signals[kind] = {
            sub: _strings(phrases, path, f"signals.{kind}.{sub}") for sub, phrases in subs.items()
        }
    sentiment = data.get("sentiment", {})
    lists = {
        name: frozenset(
            w.lower() for w in _strings(sentiment.get(name, []), path, f"sentiment.{name}")
        )
        for name in _SENTIMENT_LISTS
    }
    cues = {}
    for key, value in sentiment.get("cues", {}).items():
        if not isinstance(value, int | float) or isinstance(value, bool) or not -5 <= value <= 5:
            raise PolicyError(
                f'{path}: [sentiment.cues."{key}"] expected a number from -5 to 5, got {value!r}'
            )
        cues[key.lower()] = float(value)
    return Lexicon(
        language, signals, lists["negators"], lists["boosters"], lists["dampeners"], cues
    )


def _strings(value: Any, path: Path, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(f"{path}: [{key}] expected a list of strings")
    return list(value)
