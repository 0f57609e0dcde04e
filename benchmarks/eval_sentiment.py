"""Sentiment on the public sets in ../shared/data: the shipped engine, a trained model, a reference.

For every sentiment set the test split is scored three ways:

* shipped: the engine as installed (clean -> language -> sentiment), no training, through
  `triagedesk.evaluation.evaluate` exactly as `triagedesk evaluate --no-train` runs it;
* trained: our `TextClassifier` fitted on the set's train split (skipped, with a note, while
  `triagedesk.triage.learn.textmodel` cannot be imported);
* reference: plain scikit-learn, TF-IDF word 1-2 + char_wb 2-5 grams and a LinearSVC, fitted
  here on the same train split, so the trained figure is always read as a ratio to it.

It also times the sentiment analyzer itself: the one-time table build per language and the
scoring of 150-word tickets. Holdout splits are never read.

Usage: python benchmarks/eval_sentiment.py [--data DIR] [--no-train] [--json] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triagedesk.evaluation import Columns, evaluate
from triagedesk.triage import lexicon, wordlists
from triagedesk.triage.analyzers import sentiment
from triagedesk.triage.learn.metrics import classification_report, spearman
from triagedesk.triage.policy import Policy, load_policy

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results" / "eval_sentiment.md"
LANGUAGES = ("sv", "da", "no", "de", "en")
TICKET_WORDS = 150


@dataclass(frozen=True)
class SentimentSet:
    """One public data set: its folder, language and whether it has a numeric `score` column."""

    name: str
    language: str
    has_score: bool

    def path(self, data: Path, split: str) -> Path:
        """The CSV of a split ("train" or "test"; never the holdout)."""
        return data / self.name / f"{split}.csv"


SETS = (
    SentimentSet("sentiment_sv_trustpilot", "sv", True),
    SentimentSet("sentiment_sv_twitter_emoji", "sv", False),
    SentimentSet("sentiment_da_lcc_europarl", "da", True),
    SentimentSet("sentiment_da_political_comments", "da", True),
    SentimentSet("sentiment_no_norec_sentence", "no", False),
)


def available(data: Path) -> list[SentimentSet]:
    """The sets whose train and test splits are present."""
    return [s for s in SETS if s.path(data, "train").is_file() and s.path(data, "test").is_file()]


def shipped(data_set: SentimentSet, data: Path, policy: Policy) -> dict[str, Any]:
    """The engine as shipped, with no training, on the test split."""
    started = time.perf_counter()
    report = evaluate("sentiment", policy, data_set.path(data, "test"), None, Columns())
    report["ms_per_text"] = 1000 * (time.perf_counter() - started) / max(report["n_test"], 1)
    return report


def trained(data_set: SentimentSet, data: Path, policy: Policy) -> dict[str, Any] | None:
    """Our TextClassifier fitted on the train split; None while the module does not exist yet."""
    if importlib.util.find_spec("triagedesk.triage.learn.textmodel") is None:
        return None
    train, test = data_set.path(data, "train"), data_set.path(data, "test")
    return evaluate("sentiment", policy, test, train, Columns())


def reference(data_set: SentimentSet, data: Path) -> dict[str, Any]:
    """Plain TF-IDF (word 1-2 + char_wb 2-5) and LinearSVC, fitted on the train split."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    train, test = _rows(data_set.path(data, "train")), _rows(data_set.path(data, "test"))
    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LinearSVC(),
    )
    model.fit([r["text"] for r in train], [r["label"] for r in train])
    texts = [r["text"] for r in test]
    report = classification_report([r["label"] for r in test], list(model.predict(texts)))
    report["n_train"], report["n_test"] = len(train), len(test)
    if data_set.has_score:
        labels = list(model.classes_)
        decision = model.decision_function(texts)
        pos, neg = labels.index("positive"), labels.index("negative")
        scores = [float(row[pos] - row[neg]) for row in decision]
        report["spearman"] = spearman(scores, [float(r["score"]) for r in test])
    return report


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table_build_ms(policy: Policy, rounds: int = 3) -> dict[str, float]:
    """Median milliseconds to build each language's tables from nothing (caches cleared)."""
    scorer = sentiment.SentimentAnalyzer(policy).scorer
    timings: dict[str, list[float]] = {language: [] for language in LANGUAGES}
    for _ in range(rounds):
        for language in LANGUAGES:
            for cache in (
                sentiment._cue_table,
                wordlists.load_wordlist,
                wordlists.load_emoticons,
                lexicon.load_lexicon,
            ):
                cache.cache_clear()
            started = time.perf_counter()
            scorer.table(language)
            timings[language].append(1000 * (time.perf_counter() - started))
    return {language: statistics.median(ms) for language, ms in timings.items()}


def ticket_timing(data: Path, policy: Policy) -> dict[str, float]:
    """Scoring time of 150-word tickets built from test texts: first pass (words new) and warm."""
    scorer = sentiment.SentimentAnalyzer(policy).scorer
    tickets = _tickets(data)
    if not tickets:
        return {}
    first = [_time(scorer, text, language) for language, text in tickets]
    warm = [_time(scorer, text, language) for language, text in tickets]
    return {
        "tickets": len(tickets),
        "first_pass_p50_ms": statistics.median(first),
        "first_pass_p95_ms": _p95(first),
        "p50_ms": statistics.median(warm),
        "p95_ms": _p95(warm),
    }


def _tickets(data: Path, per_set: int = 100) -> list[tuple[str, str]]:
    tickets = []
    for data_set in available(data):
        words: list[str] = []
        made = 0
        for row in _rows(data_set.path(data, "test")):
            words.extend(row["text"].split())
            while len(words) >= TICKET_WORDS and made < per_set:
                tickets.append((data_set.language, " ".join(words[:TICKET_WORDS])))
                words, made = words[TICKET_WORDS:], made + 1
    return tickets


def _time(scorer: sentiment.SentimentScorer, text: str, language: str) -> float:
    started = time.perf_counter()
    scorer.score(text, language)
    return 1000 * (time.perf_counter() - started)


def _p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(0.95 * len(values)))]


def run(data: Path, train: bool) -> dict[str, Any]:
    """Every figure of the benchmark, as one JSON-ready object."""
    policy = load_policy()
    sets = []
    for data_set in available(data):
        entry: dict[str, Any] = {
            "name": data_set.name,
            "language": data_set.language,
            "shipped": _brief(shipped(data_set, data, policy)),
        }
        if train:
            ours = trained(data_set, data, policy)
            entry["trained"] = _brief(ours) if ours else None
            entry["reference"] = _brief(reference(data_set, data))
        sets.append(entry)
    return {
        "sets": sets,
        "word_lists": {lang: list(wordlists.load_wordlist(lang).sources) for lang in LANGUAGES},
        "emoji": len(wordlists.load_emoticons()),
        "table_build_ms": table_build_ms(policy),
        "ticket_ms": ticket_timing(data, policy),
    }


def _brief(report: dict[str, Any]) -> dict[str, Any]:
    keys = ("n_train", "n_test", "accuracy", "macro_f1", "spearman", "ms_per_text", "per_label")
    return {key: report[key] for key in keys if key in report}


def markdown(figures: dict[str, Any]) -> str:
    """The results as the markdown page written to benchmarks/results/."""
    lines = [
        "# Sentiment on the public sets (test splits)",
        "",
        "Written by `benchmarks/eval_sentiment.py`. *Shipped* is the engine with no training",
        "(`triagedesk evaluate --no-train`: clean, language, sentiment; `very_negative` counts",
        "as `negative`). Spearman is against the set's numeric score (stars or valence) where",
        "it has one. Holdout splits are never read.",
        "",
        "| data set | n test | accuracy | macro-F1 | Spearman | ms per text (whole chain) |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_shipped_row(entry) for entry in figures["sets"]]
    if any("reference" in entry for entry in figures["sets"]):
        lines += [
            "",
            "## Trained on each train split",
            "",
            "*Trained* is our `TextClassifier` (`triagedesk train`), *reference* a plain TF-IDF",
            "word 1-2 + char_wb 2-5 LinearSVC fitted here on the same split; the ratio is trained",
            "/ reference macro-F1. Cells are accuracy / macro-F1 / Spearman.",
            "",
            "| data set | n train | trained | reference | ratio |",
            "|---|---|---|---|---|",
        ]
        lines += [_trained_row(entry) for entry in figures["sets"]]
    lines += ["", *_timing_lines(figures), ""]
    return "\n".join(lines)


def _shipped_row(entry: dict[str, Any]) -> str:
    ours = entry["shipped"]
    cells = [
        entry["name"],
        str(ours["n_test"]),
        f"{ours['accuracy']:.3f}",
        f"{ours['macro_f1']:.3f}",
        _spearman(ours),
        f"{ours['ms_per_text']:.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _trained_row(entry: dict[str, Any]) -> str:
    model, plain = entry.get("trained"), entry["reference"]
    ratio = f"{model['macro_f1'] / plain['macro_f1']:.3f}" if model and plain["macro_f1"] else "-"
    cells = [entry["name"], str(plain["n_train"]), _triple(model), _triple(plain), ratio]
    return "| " + " | ".join(cells) + " |"


def _triple(report: dict[str, Any] | None) -> str:
    if report is None:
        return "not importable yet"
    return f"{report['accuracy']:.3f} / {report['macro_f1']:.3f} / {_spearman(report)}"


def _spearman(report: dict[str, Any]) -> str:
    return f"{report['spearman']:.3f}" if "spearman" in report else "-"


def _timing_lines(figures: dict[str, Any]) -> list[str]:
    builds = ", ".join(f"{lang} {ms:.0f} ms" for lang, ms in figures["table_build_ms"].items())
    lines = [
        f"Word lists: {_sources(figures['word_lists'])}; emoji with a valence: {figures['emoji']}.",
        "",
    ]
    lines.append(f"One-time table build per language (first use, lazily; median of 3): {builds}.")
    ticket = figures["ticket_ms"]
    if ticket:
        lines.append(
            f"Sentiment of a {TICKET_WORDS}-word ticket ({ticket['tickets']} tickets built from "
            f"the test texts): p50 {ticket['p50_ms']:.3f} ms, p95 {ticket['p95_ms']:.3f} ms "
            f"once its words have been seen; first pass p50 {ticket['first_pass_p50_ms']:.3f} ms, "
            f"p95 {ticket['first_pass_p95_ms']:.3f} ms."
        )
    return lines


def _sources(word_lists: dict[str, list[str]]) -> str:
    return "; ".join(f"{lang}: {', '.join(src) or 'none'}" for lang, src in word_lists.items())


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--no-train", action="store_true", help="only the shipped engine")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="markdown file to write (full runs only)"
    )
    args = parser.parse_args()
    if not available(args.data):
        parser.exit(1, f"no sentiment data sets found in {args.data}\n")
    figures = run(args.data, train=not args.no_train)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(markdown(figures))
    if not args.no_train:
        args.out.write_text(markdown(figures), encoding="utf-8")


if __name__ == "__main__":
    main()
