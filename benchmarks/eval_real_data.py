"""Category model on every labelled data set in ../shared/data, against a plain reference.

For each set: our `TextClassifier` and a plain reference (scikit-learn TF-IDF word 1-2 +
char_wb 2-5 grams, LinearSVC with defaults) are trained on the train split and scored on the
test split, in the same run, with a learning curve over 100 / 500 / 1000 / all training rows.
Writes benchmarks/results/eval_real_data.md (and prints JSON with --json).

    python benchmarks/eval_real_data.py [--sets banking77,bitext] [--no-curve] [--json]

Ours is trained exactly as `triagedesk train` trains it: cross-validation on the train split
chooses the temperature, the main SVM's multi-class formulation and whether (and how strongly)
pair models refine the top two labels.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from triagedesk.triage.learn.metrics import classification_report
from triagedesk.triage.learn.prepare import model_text
from triagedesk.triage.learn.textmodel import TextClassifier

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results" / "eval_real_data.md"
CURVE = (100, 500, 1000)


@dataclass(frozen=True)
class DataSet:
    """A labelled set: folder, label column, whether it has a subject line, and the headline metric."""

    key: str
    folder: str
    label: str
    subject: bool = False
    metric: str = "accuracy"
    target: float | None = None


SETS = (
    DataSet(
        "tickets-queue",
        "support_tickets_bueck",
        "queue",
        subject=True,
        metric="macro_f1",
        target=0.45,
    ),
    DataSet(
        "tickets-priority", "support_tickets_bueck", "priority", subject=True, metric="macro_f1"
    ),
    DataSet("banking77", "banking77", "label", target=0.92),
    DataSet("bitext", "bitext_customer_support", "label", target=0.99),
    DataSet("cfpb-product", "cfpb_complaints_sample", "label", metric="macro_f1"),
)


@dataclass(frozen=True)
class Score:
    """One model's figures on one test split."""

    n_train: int
    accuracy: float
    macro_f1: float
    fit_s: float
    predict_ms: float
    # Ours only: the pair strength cross-validation chose (0 = off) and the pair models kept.
    pair_strength: float | None = None
    pairs: int | None = None
    multi_class: str | None = None
    # In how many bootstrap resamples of the out-of-fold rows Crammer-Singer beat one-vs-rest.
    cs_gain_held: float | None = None


def load(data_set: DataSet, split: str) -> tuple[list[str], list[str]]:
    """Texts (subject line first where the set has one) and labels of a split."""
    with (DATA / data_set.folder / f"{split}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [
        model_text((r.get("subject") or "").strip(), r["text"]) if data_set.subject else r["text"]
        for r in rows
    ]
    return texts, [r[data_set.label] for r in rows]


def subsample(
    texts: list[str], labels: list[str], size: int, seed: int = 13
) -> tuple[list[str], list[str]]:
    """A stratified sample of `size` rows (every label keeps at least one row when it can)."""
    if size >= len(texts):
        return texts, labels
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    chosen: list[int] = []
    for rows in by_label.values():
        rng.shuffle(rows)
        chosen.extend(rows[: max(1, round(size * len(rows) / len(texts)))])
    rng.shuffle(chosen)
    chosen = chosen[:size]
    return [texts[i] for i in chosen], [labels[i] for i in chosen]


def score_ours(train: tuple[list[str], list[str]], test: tuple[list[str], list[str]]) -> Score:
    """Our model as `triagedesk train` fits it."""
    started = time.perf_counter()
    model = TextClassifier.fit(*train)
    fitted = time.perf_counter()
    predicted = model.predict(test[0])
    score = _score(
        len(train[0]), test[1], predicted, fitted - started, time.perf_counter() - fitted
    )
    cv = model.meta.get("cv", {})
    return replace(
        score,
        pair_strength=cv.get("pair_strength", 0.0),
        pairs=cv.get("pairs", 0),
        multi_class=cv.get("multi_class", "ovr"),
        cs_gain_held=cv.get("tried", {}).get("crammer_singer", {}).get("gain_held"),
    )


def score_reference(train: tuple[list[str], list[str]], test: tuple[list[str], list[str]]) -> Score:
    """The plain reference: TF-IDF word 1-2 + char_wb 2-5, LinearSVC, scikit-learn defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2)),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)),
        ),
        LinearSVC(),
    )
    started = time.perf_counter()
    model.fit(*train)
    fitted = time.perf_counter()
    predicted = [str(label) for label in model.predict(test[0])]
    return _score(len(train[0]), test[1], predicted, fitted - started, time.perf_counter() - fitted)


def _score(
    n_train: int, expected: list[str], predicted: list[str], fit_s: float, predict_s: float
) -> Score:
    report = classification_report(expected, predicted)
    return Score(
        n_train,
        report["accuracy"],
        report["macro_f1"],
        round(fit_s, 2),
        round(1000 * predict_s / max(1, len(expected)), 3),
    )


def evaluate_set(data_set: DataSet, curve: bool) -> dict[str, Any]:
    """Both models on one set: full training split, then the learning curve."""
    train, test = load(data_set, "train"), load(data_set, "test")
    sizes = [n for n in CURVE if n < len(train[0])] if curve else []
    rows = []
    for size in [*sizes, len(train[0])]:
        part = subsample(*train, size)
        ours, reference = score_ours(part, test), score_reference(part, test)
        rows.append({"size": size, "ours": asdict(ours), "reference": asdict(reference)})
    return {
        "set": data_set.key,
        "metric": data_set.metric,
        "target": data_set.target,
        "labels": len(Counter(train[1])),
        "n_test": len(test[0]),
        "runs": rows,
    }


def markdown(results: list[dict[str, Any]]) -> str:
    """The results table, then the learning curves."""
    lines = [
        "# Category model on real data",
        "",
        f"{time.strftime('%Y-%m-%d')}; `python benchmarks/eval_real_data.py`. Trained on each set's train split, "
        "scored on its test split. Reference: TF-IDF word 1-2 + char_wb 2-5 grams, LinearSVC (scikit-learn defaults). "
        "Ratio = ours / reference on the headline metric. Ours is trained as `triagedesk train` trains it; "
        "*SVM* and *pair strength* are what cross-validation on the train split chose: one-vs-rest (ovr) "
        "or Crammer-Singer (cs) main model, with the share of bootstrap resamples of the out-of-fold rows "
        "in which cs beat ovr (cs is kept from 95 %), and 0 = no pair models.",
        "",
        "| set | labels | train | test | metric | ours | reference | ratio | target | ours acc | ours macro-F1 | SVM | pair strength (pairs) | fit s | ms/ticket |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        full = result["runs"][-1]
        ours, ref = full["ours"], full["reference"]
        metric = result["metric"]
        target = f"≥ {result['target']:.2f}" if result["target"] else "-"
        lines.append(
            f"| {result['set']} | {result['labels']} | {ours['n_train']} | {result['n_test']} | {metric} "
            f"| {ours[metric]:.4f} | {ref[metric]:.4f} | {ours[metric] / ref[metric]:.3f} | {target} "
            f"| {ours['accuracy']:.4f} | {ours['macro_f1']:.4f} | {_svm(ours)} "
            f"| {ours['pair_strength']:g} ({ours['pairs']}) "
            f"| {ours['fit_s']} | {ours['predict_ms']} |"
        )
    curves = [r for r in results if len(r["runs"]) > 1]
    if curves:
        lines += ["", "## Learning curve (headline metric, ours / reference)", ""]
        lines += [
            "| set | " + " | ".join(f"n={n}" for n in [*CURVE, "all"]) + " |",
            "|---|---|---|---|---|",
        ]
        for result in curves:
            metric = result["metric"]
            cells = {
                run["size"]: f"{run['ours'][metric]:.3f} / {run['reference'][metric]:.3f}"
                for run in result["runs"]
            }
            sizes = [*CURVE, result["runs"][-1]["size"]]
            lines.append(
                f"| {result['set']} | " + " | ".join(cells.get(n, "-") for n in sizes) + " |"
            )
    return "\n".join(lines) + "\n"


def _svm(ours: dict[str, Any]) -> str:
    chosen = {"crammer_singer": "cs"}.get(ours["multi_class"], ours["multi_class"])
    held = ours["cs_gain_held"]
    return chosen if held is None else f"{chosen} (cs {100 * held:.1f} %)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="", help="comma-separated set keys (default: all)")
    parser.add_argument("--no-curve", action="store_true", help="only the full training split")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--out", type=Path, default=RESULTS, help="markdown file to write")
    args = parser.parse_args(argv)
    wanted = set(filter(None, args.sets.split(",")))
    chosen = [s for s in SETS if not wanted or s.key in wanted]
    missing = [s.folder for s in chosen if not (DATA / s.folder / "train.csv").is_file()]
    if missing:
        print(f"data not found in {DATA}: {', '.join(sorted(set(missing)))}", file=sys.stderr)
        return 1
    np.random.seed(0)
    results = []
    for data_set in chosen:
        results.append(evaluate_set(data_set, not args.no_curve))
        print(f"{data_set.key}: done", file=sys.stderr)
    if args.json:
        print(json.dumps(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
