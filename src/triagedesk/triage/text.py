"""Words with their positions and Snowball stems, shared by the rule-based analyzers."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import Stemmer

# Snowball algorithm per language code; languages not listed are matched on the lowercased word.
SNOWBALL = {
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "de": "german",
    "en": "english",
    "fi": "finnish",
}

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class Token(NamedTuple):
    """One word: lowercased form, stem, and character offsets in the original text."""

    lower: str
    stem: str
    start: int
    end: int


@lru_cache(maxsize=16)
def stemmer_for(language: str | None) -> Stemmer.Stemmer | None:
    """The Snowball stemmer for a language code, or None when there is none."""
    algorithm = SNOWBALL.get(language or "")
    return Stemmer.Stemmer(algorithm) if algorithm else None


def tokenize(text: str, language: str | None) -> list[Token]:
    """Split text into words, each with its stem in the given language."""
    lowered, starts, ends = _words(text)
    return list(map(Token, lowered, stem_words(list(lowered), language), starts, ends))


@lru_cache(maxsize=8)
def _words(text: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """Lowercased words and their offsets; cached, as a text is tokenized once per language."""
    matches = list(_WORD.finditer(text))
    return (
        tuple(m.group().lower() for m in matches),
        tuple(m.start() for m in matches),
        tuple(m.end() for m in matches),
    )


def stem_words(words: list[str], language: str | None) -> list[str]:
    """Stem already lowercased words (unchanged when the language has no stemmer)."""
    stemmer = stemmer_for(language)
    if stemmer is None:
        return list(words)
    known = _stems(language or "")
    try:
        return [known[word] for word in words]
    except KeyError:
        pass
    missing = [word for word in set(words) if word not in known]
    if missing:
        if len(known) + len(missing) > _STEM_CACHE_WORDS:
            known.clear()
        known.update(zip(missing, stemmer.stemWords(missing), strict=True))
    return [known[word] for word in words]


# Distinct words per language whose stems are remembered (a dictionary lookup beats the stemmer).
_STEM_CACHE_WORDS = 100_000


@lru_cache(maxsize=16)
def _stems(language: str) -> dict[str, str]:
    return {}


# The stop-words package names Norwegian Bokmål "nb"; we say "no".
_STOP_WORD_CODES = {"no": "nb"}


@lru_cache(maxsize=16)
def stop_words(language: str | None) -> frozenset[str]:
    """Function words of a language (and of English, which travels) from the stop-words package."""
    from stop_words import LANGUAGE_MAPPING, get_stop_words

    words: set[str] = set(get_stop_words("en"))
    code = _STOP_WORD_CODES.get(language or "", language or "")
    if code in LANGUAGE_MAPPING:
        words.update(get_stop_words(code))
    return frozenset(words)
