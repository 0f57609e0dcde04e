"""Language detection accuracy on the real data sets, by language and text length.

Runs the engine's own clean -> redact -> language chain (built from the default policy) on the
Swedish, Danish and Norwegian sentiment sets and the German/English support tickets in
../shared/data, next to plain py3langid restricted to the same languages, and writes a
markdown table to benchmarks/results/language_accuracy.md.

Some rows are labelled with the wrong language by their source (English and German reviews
in the Swedish set, English tickets marked "de"). They are counted twice: "raw" scores every
row against its source label; "adjudicated" leaves out the rows that `written_in_another`
shows to be in another language by function words or spelling alone, without asking any
detector. The word lists below are independent of the engine's own cue lists.

Usage: python benchmarks/language_accuracy.py [--split test|train] [--data DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results" / "language_accuracy.md"
SCANDINAVIAN_SETS = (
    ("sentiment_sv_trustpilot", "sv"),
    ("sentiment_da_political_comments", "da"),
    ("sentiment_da_lcc_europarl", "da"),
    ("sentiment_no_norec_sentence", "no"),
)
TICKETS = "support_tickets_bueck"
LANGUAGES = ("sv", "da", "no", "de", "en")
BANDS = (("under 5 words", 0, 5), ("5-19 words", 5, 20), ("20+ words", 20, math.inf))

# High-frequency function words per language group, for spotting mislabelled rows only.
_FUNCTION_WORDS = {
    "nordic": "och inte jag är att det på med og ikke jeg af av til till ett hvad vad också også "
    "ikkje eg ble blev meg mig mycket meget veldig detta dette när når eller",
    "en": "the and is are was were to of with have has this that my you not be it would could",
    "de": "der die das und ist nicht ich mit ein eine wir sie auf für dem sehr auch wurde haben",
    "fr": "le la les et est une des pour pas que je vous dans avec",
    "es": "el los las y es una por para que muy con pero del",
    "it": "il di che è per una non sono con della molto ho",
    "nl": "het een van niet ik zijn met voor wij maar ook dat",
    "tr": "ve bir bu çok için ile ama olarak daha",
    "fi": "ja on ei että se mutta oli kanssa minä",
}
_GROUP_OF = {word: group for group, words in _FUNCTION_WORDS.items() for word in words.split()}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Row:
    """One labelled text: its source set, the language the source gives, and its words."""

    dataset: str
    language: str
    subject: str
    text: str

    @property
    def words(self) -> int:
        return len(f"{self.subject} {self.text}".split())


def written_in_another(language: str, text: str) -> str | None:
    """The language group a text is clearly written in when that is not `language`'s group."""
    words = _WORD.findall(text.lower())
    votes: dict[str, int] = defaultdict(int)
    for word in words:
        if word in _GROUP_OF:
            votes[_GROUP_OF[word]] += 1
    own = "nordic" if language in ("sv", "da", "no") else language
    if votes:
        top = max(votes, key=lambda group: votes[group])
        if top != own and votes[top] >= 3 and votes[top] >= 3 * votes.get(own, 0):
            return top
    return _other_nordic_spelling(language, words)


def _other_nordic_spelling(language: str, words: list[str]) -> str | None:
    """Swedish writes ä/ö, Danish and Norwegian æ/ø: two words of the other spelling and none of
    the own one mean the row is in the other language."""
    swedish = sum(1 for word in words if "ä" in word or "ö" in word)
    dano = sum(1 for word in words if "æ" in word or "ø" in word)
    if language == "sv" and dano >= 2 and swedish == 0:
        return "da/no"
    if language in ("da", "no") and swedish >= 2 and dano == 0:
        return "sv"
    return None


def load_rows(data_dir: Path, split: str) -> list[Row]:
    """Every sv/da/no sentiment row and every de/en ticket of one split."""
    rows = []
    for dataset, language in SCANDINAVIAN_SETS:
        for record in _read(data_dir / dataset / f"{split}.csv"):
            rows.append(Row(dataset, language, "", record["text"]))
    for record in _read(data_dir / TICKETS / f"{split}.csv"):
        if record["language"] in ("de", "en"):
            rows.append(Row(TICKETS, record["language"], record["subject"], record["text"]))
    return rows


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def engine_detector() -> Callable[[Row], str]:
    """The engine's clean -> redact -> language chain, built from the default policy."""
    from triagedesk.triage.policy import load_policy
    from triagedesk.triage.registry import registered
    from triagedesk.triage.result import TriageInput, TriageResult

    policy = load_policy()
    chain = [registered()[name].factory(policy) for name in ("clean", "redact", "language")]

    def detect(row: Row) -> str:
        result = TriageResult(input=TriageInput(text=row.text, subject=row.subject))
        for step in chain:
            step(result)
        return result.language or ""

    return detect


def plain_langid_detector() -> Callable[[Row], str]:
    """py3langid alone, restricted to the engine's languages, on the first 400 characters."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages(["sv", "da", "no", "nn", "de", "en", "fi"])

    def detect(row: Row) -> str:
        language = model.classify(f"{row.subject}\n{row.text}".strip()[:400])[0]
        return "no" if language == "nn" else str(language)

    return detect


@dataclass
class Tally:
    """Correct answers out of all, raw and without the mislabelled rows."""

    raw_n: int = 0
    raw_ok: int = 0
    adj_n: int = 0
    adj_ok: int = 0

    def add(self, correct: bool, mislabelled: bool) -> None:
        self.raw_n += 1
        self.raw_ok += correct
        if not mislabelled:
            self.adj_n += 1
            self.adj_ok += correct

    @property
    def raw(self) -> float:
        return self.raw_ok / self.raw_n if self.raw_n else math.nan

    @property
    def adjudicated(self) -> float:
        return self.adj_ok / self.adj_n if self.adj_n else math.nan


def band_of(words: int) -> str:
    """The length band a text of this many words falls in."""
    return next(name for name, low, high in BANDS if low <= words < high)


def tally(
    rows: list[Row], detect: Callable[[Row], str]
) -> tuple[dict[tuple[str, str], Tally], float]:
    """Accuracy per (language, band), plus ("all", band) across languages; seconds detecting."""
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    seconds = 0.0
    for row in rows:
        started = time.perf_counter()
        detected = detect(row)
        seconds += time.perf_counter() - started
        correct = detected == row.language
        mislabelled = written_in_another(row.language, f"{row.subject} {row.text}") is not None
        band = band_of(row.words)
        tallies[(row.language, band)].add(correct, mislabelled)
        tallies[("all", band)].add(correct, mislabelled)
    return tallies, seconds


def render(
    split: str,
    engine: dict[tuple[str, str], Tally],
    plain: dict[tuple[str, str], Tally],
    seconds: float,
    rows: int,
) -> str:
    """The markdown report."""
    lines = [
        f"# Language detection accuracy ({split} split)",
        "",
        "Engine = clean -> redact -> language with the default policy (py3langid restricted to "
        "sv/da/no/de/en/fi, re-ranked among sv/da/no by written word cues; no customer language "
        "is given, so texts without letters get the default). Plain = py3langid restricted the "
        "same way on the raw "
        "first 400 characters. Adjudicated leaves out rows whose function words or spelling show "
        "another language than the source's label; raw counts them as errors.",
        "",
        "| language | length | rows | mislabelled | engine adjudicated | engine raw "
        "| plain adjudicated | plain raw |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for language in (*LANGUAGES, "all"):
        for band, _, _ in BANDS:
            mine, theirs = engine.get((language, band)), plain.get((language, band))
            if mine is None or theirs is None:
                continue
            lines.append(
                f"| {language} | {band} | {mine.raw_n} | {mine.raw_n - mine.adj_n} "
                f"| {mine.adjudicated:.2%} | {mine.raw:.2%} "
                f"| {theirs.adjudicated:.2%} | {theirs.raw:.2%} |"
            )
    lines += [
        "",
        f"{rows} rows, engine {seconds / rows * 1000:.2f} ms per row (clean + redact + language).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "train"))
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (args.data / TICKETS).is_dir():
        print(f"data not found in {args.data}; nothing measured", file=sys.stderr)
        return 1
    rows = load_rows(args.data, args.split)
    engine, seconds = tally(rows, engine_detector())
    plain, _ = tally(rows, plain_langid_detector())
    report = render(args.split, engine, plain, seconds, len(rows))
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
