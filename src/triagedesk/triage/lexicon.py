"""Per-language phrase lists and sentiment cues, and an inflection-tolerant phrase matcher."""

from __future__ import annotations

import tomllib
from collections import defaultdict
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
    prefix: bool

    def matches(self, token: Token) -> bool:
        if self.prefix:
            return token.lower.startswith(self.value)
        return token.stem == self.value


@dataclass(frozen=True)
class Phrase:
    """A phrase from a list, ready to match, with what it stands for."""

    text: str
    payload: tuple[str, ...]
    words: tuple[_Word, ...]


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A phrase found in a text: token range and character offsets."""

    phrase: Phrase
    first: int
    last: int
    start: int
    end: int


class PhraseMatcher:
    """Finds phrases by stem (or `word*` prefix), allowing a few words in between."""

    def __init__(
        self, phrases: list[tuple[str, tuple[str, ...]]], language: str, max_gap: int
    ) -> None:
        self.max_gap = max_gap
        self._by_stem: dict[str, list[Phrase]] = defaultdict(list)
        self._by_prefix: list[Phrase] = []
        for text, payload in phrases:
            phrase = _compile(text, payload, language)
            if not phrase.words:
                continue
            head = phrase.words[0]
            if head.prefix:
                self._by_prefix.append(phrase)
            else:
                self._by_stem[head.value].append(phrase)

    def find(self, tokens: list[Token]) -> list[PhraseMatch]:
        """Every phrase occurrence, leftmost first."""
        found = []
        for i, token in enumerate(tokens):
            candidates = self._by_stem.get(token.stem, [])
            if self._by_prefix:
                candidates = candidates + [p for p in self._by_prefix if p.words[0].matches(token)]
            for phrase in candidates:
                last = self._match_rest(phrase, tokens, i)
                if last is not None:
                    found.append(PhraseMatch(phrase, i, last, token.start, tokens[last].end))
        return found

    def _match_rest(self, phrase: Phrase, tokens: list[Token], first: int) -> int | None:
        position = first
        for word in phrase.words[1:]:
            window = tokens[position + 1 : position + 2 + self.max_gap]
            step = next((k for k, token in enumerate(window) if word.matches(token)), None)
            if step is None:
                return None
            position += step + 1
        return position


def _compile(text: str, payload: tuple[str, ...], language: str) -> Phrase:
    words: list[_Word] = []
    for piece in text.lower().split():
        prefix = piece.endswith("*")
        parts = [token.lower for token in tokenize(piece.rstrip("*"), None)]
        for n, part in enumerate(parts):
            if prefix and n == len(parts) - 1:
                words.append(_Word(part, True))
            else:
                words.append(_Word(stem_words([part], language)[0], False))
    return Phrase(text, payload, tuple(words))


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
