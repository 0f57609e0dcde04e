"""Sentiment on -1..+1 from published word lists and our complaint cues, with intensity rules."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import accumulate

from triagedesk.triage.lexicon import load_lexicon
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Evidence, Reason, Sentiment, TriageResult
from triagedesk.triage.wordlists import (
    BOOSTER,
    DAMPENER,
    NEGATOR,
    CuePhrase,
    CueTable,
    WordInfo,
    build_cue_table,
    match_entry,
)

# Words, then emoticons standing alone, then single emoji, then clause punctuation.
# Split with one capturing group: the pieces alternate gap, token, gap, ..., so offsets add up.
_TOKEN = re.compile(
    r"([^\W_]+(?:['’][^\W_]+)*"
    r"|(?<!\S)[:;=][-']?[()\[\]dp/\\|*o3]+(?![^\s.,!?])"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF]"
    r"|[.!?;,:])"
)
_EVIDENCE_WORDS = 3
_CLAUSE_MARKS = frozenset(".!?;,:")
_SENTENCE_ENDS = frozenset(".!?")


@dataclass(slots=True)
class Hit:
    """A sentiment word or phrase found in a text (token range, adjusted valence, offsets)."""

    first: int
    last: int
    valence: float
    # "word" (a listed word or cue), "repeat" (repeat contact) or "negation" (negates nothing).
    kind: str = "word"
    negated: bool = False
    factor: float = 1.0
    asked: bool = False  # a positive word in a question (counted less, see `_soften_questions`)
    start: int = 0
    end: int = 0

    def describe(self) -> str:
        """How this hit counted, for the explanation."""
        if self.kind == "repeat":
            return "repeat contact"
        if self.kind == "negation":
            return f"{self.valence:+.1f} (negation without a sentiment word)"
        notes = [
            note
            for note, on in (
                ("negated", self.negated),
                ("boosted", self.factor > 1),
                ("softened", self.factor < 1),
                ("in a question", self.asked),
            )
            if on
        ]
        return f"{self.valence:+.1f}" + (f" ({', '.join(notes)})" if notes else "")


@dataclass(frozen=True)
class SentimentSettings:
    """The numbers behind the score; the thresholds come from the policy's [sentiment] table."""

    very_negative_below: float
    negative_below: float
    positive_above: float
    # VADER's normalisation x / sqrt(x² + alpha): larger alpha needs more evidence for an extreme.
    alpha: float = 15.0
    # Long texts collect many weak words; their sum is divided by (words / this) ** 0.5.
    length_norm_words: float = 10.0
    negation_window: int = 3
    # VADER's empirical factor: "not good" is about three quarters as bad as "good" is good.
    negation_scalar: float = -0.74
    booster: float = 0.3
    dampener: float = 0.5
    caps: float = 0.733
    exclamation: float = 0.292
    max_exclamations: int = 4
    # Valence a repeat-contact phrase ("tredje gången", "again") adds to a text that isn't positive.
    repeat: float = -1.5
    # Words of a multi-word cue may have this many other words between them.
    max_gap: int = 2
    # A complaint's "har inte fått", "svarar inte": a negator that negates no sentiment word.
    bare_negation: float = -1.5
    # A positive word in a question asks rather than praises ("Er det godt nok?", "Virker det?").
    question: float = 0.5
    max_chars: int = 20000

    @classmethod
    def from_policy(cls, policy: Policy) -> SentimentSettings:
        """The policy's keys where it has them, the defaults above otherwise."""
        known = {f.name for f in fields(cls)}
        values = {
            name: getattr(policy.sentiment, name)
            for name in known
            if hasattr(policy.sentiment, name)
        }
        values.setdefault("max_chars", policy.clean.max_chars)
        values.setdefault("max_gap", policy.signals.max_gap)
        return cls(**values)


@dataclass(frozen=True)
class Scored:
    """A text's score before labelling, with the hits that made it."""

    score: float
    total: float
    hits: list[Hit]
    exclamations: int


class SentimentScorer:
    """Scores a text in one language; the tables are built once per language and process."""

    def __init__(self, settings: SentimentSettings, lexicon_dir: str = "") -> None:
        self.settings = settings
        self.lexicon_dir = lexicon_dir

    def table(self, language: str | None) -> CueTable:
        """The cue table of a language (an empty one for an unknown language)."""
        return _cue_table(language or "", self.lexicon_dir)

    def score(self, text: str, language: str | None) -> Scored:
        """Score a text: sum of rule-adjusted valences, normalised into -1..+1."""
        s = self.settings
        text = text[: s.max_chars]
        pieces = _TOKEN.split(_same_length_lower(text))
        tokens = pieces[1::2]
        table = self.table(language)
        if "-" in text:
            _unmark_compound_negators(tokens, pieces, table.negators)
        hits = find_hits(tokens, table, s)
        if "?" in tokens and s.question != 1.0:
            _soften_questions(hits, pieces, s.question)
        _locate(hits, pieces)
        total = 0.0
        for hit in hits:
            if hit.valence and _shouting(text, hit):
                hit.valence += math.copysign(s.caps, hit.valence)
            total += hit.valence
        if total <= 0 and any(hit.kind == "repeat" for hit in hits):
            total += s.repeat
        exclamations = min(tokens.count("!"), s.max_exclamations)
        if total:
            total += math.copysign(exclamations * s.exclamation, total)
        return Scored(self._normalise(total, len(tokens)), total, hits, exclamations)

    def _normalise(self, total: float, n_tokens: int) -> float:
        s = self.settings
        if s.length_norm_words > 0 and n_tokens > s.length_norm_words:
            total /= math.sqrt(n_tokens / s.length_norm_words)
        return total / math.sqrt(total * total + s.alpha)

    def label(self, score: float) -> str:
        """The label the policy thresholds give a score."""
        s = self.settings
        if score < s.very_negative_below:
            return "very_negative"
        if score < s.negative_below:
            return "negative"
        if score > s.positive_above:
            return "positive"
        return "neutral"


@lru_cache(maxsize=32)
def _cue_table(language: str, lexicon_dir: str) -> CueTable:
    return build_cue_table(language, load_lexicon(language, lexicon_dir) if language else None)


def _same_length_lower(text: str) -> str:
    """Lowercase text; a few characters (e.g. 'İ') grow when lowercased and are kept as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _unmark_compound_negators(
    tokens: list[str], pieces: list[str], negators: frozenset[str]
) -> None:
    """A negator hyphenated to the next word ("ikke-medlemmer") is a compound prefix, no negation."""
    # Looked up with its hyphen, which no list has; the pieces keep the offsets as they were.
    for k, gap in enumerate(pieces[2:-1:2]):
        if gap == "-" and tokens[k] in negators:
            tokens[k] += "-"


def _soften_questions(hits: list[Hit], pieces: list[str], factor: float) -> None:
    """Positive words in a sentence that ends with a question mark count `factor` as much.

    A sentence ends at ".", "!" or "?" (a run of marks asks when it holds a "?": "?!", "!?")
    and at a line break, as e-mails leave lines unpunctuated; a "?" between two words with no
    space around it (a link's query, "ordre?id=5") ends nothing. `pieces` alternate gap, token.
    """
    tokens = pieces[1::2]
    asked: set[int] = set()
    question = in_marks = False
    for k in range(len(tokens) - 1, -1, -1):
        if "\n" in pieces[2 * k + 2]:
            question = in_marks = False
        if tokens[k] in _SENTENCE_ENDS and not _inside_word(pieces, tokens, k):
            question = (question and in_marks) or tokens[k] == "?"
            in_marks = True
            continue
        in_marks = False
        if question:
            asked.add(k)
    for hit in hits:
        if hit.valence > 0 and hit.last in asked:
            hit.valence *= factor
            hit.asked = True


def _inside_word(pieces: list[str], tokens: list[str], k: int) -> bool:
    """Whether token k (a mark) sits between two words with no space on either side."""
    return (
        0 < k < len(tokens) - 1
        and not pieces[2 * k]
        and not pieces[2 * k + 2]
        and tokens[k - 1][0].isalnum()
        and tokens[k + 1][0].isalnum()
    )


def _locate(hits: list[Hit], pieces: list[str]) -> None:
    """Character offsets for the hits: token k starts where the first 2k+1 pieces end."""
    if hits:
        ends = list(accumulate(map(len, pieces)))
        for hit in hits:
            hit.start = ends[2 * hit.first]
            hit.end = ends[2 * hit.last + 1]


def _shouting(text: str, hit: Hit) -> bool:
    """An ALL CAPS sentiment word in a text that is not written all in capitals."""
    word = text[hit.start : hit.end]
    return len(word) > 1 and word.isupper() and not text.isupper()


def find_hits(tokens: list[str], table: CueTable, s: SentimentSettings) -> list[Hit]:
    """Every sentiment word and phrase, with negation, boosters and dampeners applied."""
    seen, info = table.words_seen, table.info
    infos = [seen.get(word) or info(word) for word in tokens]
    hits: list[Hit] = []
    negators: list[int] = []
    used: set[int] = set()
    free = 0
    for i in [i for i, word in enumerate(infos) if word.active]:
        if i < free:
            continue
        if infos[i].role == NEGATOR:
            negators.append(i)
        width, valence = _entry_at(tokens, infos, i, table, s.max_gap)
        if width:
            used.add(i)
            hit = Hit(i, i + width - 1, valence or 0.0, "word" if valence is not None else "repeat")
            if valence:
                used.update(_modify(hit, infos, s))
            hits.append(hit)
            free = i + width
    unused = [j for j in negators if j not in used]
    if s.bare_negation and unused:
        hits.extend(Hit(j, j, s.bare_negation, "negation") for j in unused)
        hits.sort(key=lambda hit: hit.first)
    return hits


def _entry_at(
    tokens: list[str], infos: list[WordInfo], i: int, table: CueTable, max_gap: int
) -> tuple[int, float | None]:
    """(width in tokens, valence) of the longest entry at token i; our cues before the lists."""
    word = infos[i]
    if word.phrases and _may_continue(word, infos, i, max_gap):
        for phrase in word.phrases:
            width = _phrase_width(phrase, tokens, infos, i, max_gap)
            if width:
                return width, phrase.valence
    if not word.from_cue and i + 1 < len(tokens) and tokens[i + 1] in word.listed_followers:
        width, value = match_entry(tokens, i, table.wordlist)
        if width > 1:
            return width, value
    return (0 if word.valence is None else 1), word.valence


def _may_continue(word: WordInfo, infos: list[WordInfo], i: int, max_gap: int) -> bool:
    """Cheap test before trying phrases: does any of their second words follow closely?"""
    seconds = word.phrase_seconds
    if seconds is None:
        return True
    return any(info.stem in seconds for info in infos[i + 1 : i + 2 + max_gap])


def _phrase_width(
    phrase: CuePhrase, tokens: list[str], infos: list[WordInfo], i: int, max_gap: int
) -> int:
    position = i
    for cue_word in phrase.rest:
        for k in range(position + 1, min(len(tokens), position + 2 + max_gap)):
            if cue_word.matches(tokens[k], infos[k].stem):
                position = k
                break
        else:
            return 0
    return position - i + 1


def _modify(hit: Hit, infos: list[WordInfo], s: SentimentSettings) -> list[int]:
    """Negators, boosters and dampeners in the words before (same clause) change the valence."""
    negators: list[int] = []
    # A cue that starts with its own negator ("ingen svarar", "not good enough") is not flipped
    # again by an earlier one ("har inte kommit och ingen svarar").
    already_negated = infos[hit.first].role == NEGATOR
    for j in range(hit.first - 1, max(-1, hit.first - 1 - s.negation_window), -1):
        role = infos[j].role
        if infos[j].stem in _CLAUSE_MARKS:
            break
        if role == NEGATOR and not already_negated:
            hit.negated = True
            negators.append(j)
        elif role == BOOSTER:
            hit.factor *= 1 + s.booster
        elif role == DAMPENER:
            hit.factor *= s.dampener
    hit.valence *= hit.factor * (s.negation_scalar if hit.negated else 1.0)
    return negators


class SentimentAnalyzer:
    """Sets `result.sentiment` and explains it with the strongest words."""

    def __init__(self, policy: Policy) -> None:
        self.scorer = SentimentScorer(
            SentimentSettings.from_policy(policy), policy.signals.lexicon_dir
        )

    def __call__(self, result: TriageResult) -> None:
        scored = self.scorer.score(result.text, result.language)
        label = self.scorer.label(scored.score)
        strongest = _strongest(scored)
        evidence = [Evidence(result.text[h.start : h.end], h.start, h.end) for h in strongest]
        result.sentiment = Sentiment(scored.score, label, evidence)
        result.reasons.append(
            Reason(
                "sentiment",
                "sentiment",
                _detail(scored, label, strongest, result.text),
                0.0,
                tuple(evidence),
            )
        )


def _strongest(scored: Scored) -> list[Hit]:
    """The hits that pull hardest in the direction of the score, in text order."""
    direction = 1.0 if scored.total >= 0 else -1.0
    repeats_count = direction < 0
    pulling = [
        hit
        for hit in scored.hits
        if hit.valence * direction > 0 or (repeats_count and hit.kind == "repeat")
    ]
    pulling.sort(key=lambda hit: -abs(hit.valence) - (1.0 if hit.kind == "repeat" else 0.0))
    return sorted(pulling[:_EVIDENCE_WORDS], key=lambda hit: hit.start)


def _detail(scored: Scored, label: str, strongest: list[Hit], text: str) -> str:
    words = ", ".join(f"'{text[h.start : h.end]}' {h.describe()}" for h in strongest)
    shouts = f", {scored.exclamations}×'!'" if scored.exclamations and scored.total else ""
    return f"{label} {scored.score:+.2f}" + (
        f": {words}{shouts}" if words else " (no sentiment words)"
    )


@analyzer("sentiment", requires=("text", "language"), provides=("sentiment",))
def build(policy: Policy) -> Analyzer:
    """Factory for the sentiment analyzer."""
    return SentimentAnalyzer(policy)
