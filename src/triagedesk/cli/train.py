"""`triagedesk train`: fit the category model on labelled tickets and install it atomically."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any, Literal

import click

from triagedesk.cli.evaluate import render_report
from triagedesk.cli.options import json_option, policy_option
from triagedesk.conf import load_settings
from triagedesk.csvfiles import read_columns
from triagedesk.engine import installation_policy
from triagedesk.errors import InputDataError
from triagedesk.triage.learn.metrics import classification_report
from triagedesk.triage.learn.prepare import model_inputs
from triagedesk.triage.learn.textmodel import TextClassifier, TrainSettings
from triagedesk.triage.policy import Policy

FILE = click.Path(path_type=Path, dir_okay=False)
# --svm -> the formulations cross-validation may choose from (the first unless another is clearly better)
_FORMULATIONS: dict[str, tuple[Literal["ovr", "crammer_singer"], ...]] = {
    "auto": TrainSettings.multi_class,
    "ovr": ("ovr",),
    "crammer-singer": ("crammer_singer",),
}


@click.command("train")
@click.argument("csv_path", metavar="TICKETS.csv", type=FILE)
@click.option("--text-col", default="text", show_default=True, help="Column with the ticket text.")
@click.option("--label-col", default="label", show_default=True, help="Column with the category.")
@click.option("--sub-col", default=None, help="Column with the sub-category (optional).")
@click.option(
    "--subject-col", default="subject", show_default=True, help="Subject column, used when present."
)
@click.option(
    "--holdout",
    default=0.2,
    show_default=True,
    type=click.FloatRange(0.0, 0.5),
    help="Share held out to report accuracy before the final fit on every row (0 = skip).",
)
@click.option(
    "--c",
    "c_value",
    default=TrainSettings.c,
    show_default=True,
    type=click.FloatRange(min=1e-4),
    help="Regularisation of the linear classifier (larger fits the training data more closely).",
)
@click.option(
    "--svm",
    type=click.Choice(["auto", "ovr", "crammer-singer"]),
    default="auto",
    show_default=True,
    help="The SVM's multi-class formulation: auto lets cross-validation choose (Crammer-Singer "
    "only on a clear gain); ovr (one-vs-rest) trains about three times faster.",
)
@click.option(
    "--out",
    "out_path",
    type=FILE,
    default=None,
    help="Where to write the model (default: the data directory's models/category.npz).",
)
@json_option
@policy_option
def command(
    csv_path: Path, text_col: str, label_col: str, sub_col: str | None, subject_col: str,
    holdout: float, c_value: float, svm: str, out_path: Path | None, as_json: bool,
    policy_path: Path | None,
) -> None:  # fmt: skip
    """Train the category model on labelled tickets (CSV) and make it the installation's model.

    Labels may be main categories, or main and sub-category with --sub-col (stored as 'main/sub').
    The texts are cleaned and redacted as in triage. The new model replaces the old one in a
    single step; `triage` picks it up on its next start.
    """
    settings_env = load_settings()
    policy = installation_policy(settings_env, policy_path)
    texts, labels = _training_rows(csv_path, text_col, label_col, sub_col, subject_col, policy)
    settings = TrainSettings(c=c_value, multi_class=_FORMULATIONS[svm])
    summary: dict[str, Any] = {"n_rows": len(texts), "labels": len(set(labels))}
    if holdout > 0:
        summary["holdout"] = _holdout_report(texts, labels, holdout, settings)
    model = TextClassifier.fit(texts, labels, settings=settings, meta={"trained_on": str(csv_path)})
    target = out_path or settings_env.category_model_path
    model.save(target)
    summary.update(
        {"model": str(target), "temperature": model.temperature, "cv": model.meta.get("cv", {})}
    )
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    cv = summary["cv"]
    if "holdout" in summary:
        click.echo(render_report(summary["holdout"]))
        if summary["holdout"]["multi_class"] != cv.get("multi_class"):
            held_svm = _svm_name(summary["holdout"]["multi_class"])
            click.echo(f"(the held-out rows were scored by a {held_svm} SVM, chosen without them)")
        click.echo("")
    click.echo(f"trained on {len(texts)} tickets, {summary['labels']} labels -> {target}")
    if cv.get("folds"):
        click.echo(_cv_line(cv))
    if cv.get("converged") is False:
        click.echo(
            "note: the SVM stopped at its iteration limit before converging; "
            "a smaller --c usually converges",
            err=True,
        )


def _cv_line(cv: dict[str, Any]) -> str:
    """What cross-validation on the training file measured and chose, in one line."""
    pairs = (
        f"{cv['pairs']} pair models at strength {cv['pair_strength']:g}"
        if cv.get("pair_strength")
        else "no pair models"
    )
    line = (
        f"{cv['folds']}-fold cross-validation on it: accuracy {cv['accuracy']:.3f}, "
        f"macro-F1 {cv['macro_f1']:.3f} ({_svm_name(cv.get('multi_class', ''))} SVM, {pairs})"
    )
    held = cv.get("tried", {}).get("crammer_singer", {}).get("gain_held")
    if held is not None:
        line += (
            f"; Crammer-Singer beat one-vs-rest in {100 * held:.0f} % of resamples (95 % needed)"
        )
    return line


def _svm_name(multi_class: str) -> str:
    return {"crammer_singer": "Crammer-Singer"}.get(multi_class, "one-vs-rest")


def _training_rows(
    path: Path, text_col: str, label_col: str, sub_col: str | None, subject_col: str, policy: Policy
) -> tuple[list[str], list[str]]:
    table = read_columns(
        path, (text_col, label_col) + ((sub_col,) if sub_col else ()), optional=(subject_col,)
    )
    subjects = table.get(subject_col) or [""] * len(table[text_col])
    bodies, kept_subjects, labels = [], [], []
    skipped = 0
    for i, (text, label) in enumerate(zip(table[text_col], table[label_col], strict=True)):
        label = label.strip()
        if not label or not text.strip():
            skipped += 1
            continue
        if sub_col and table[sub_col][i].strip():
            label = f"{label}/{table[sub_col][i].strip()}"
        bodies.append(text)
        kept_subjects.append(subjects[i])
        labels.append(label)
    if skipped:
        click.echo(f"skipped {skipped} rows with an empty text or label", err=True)
    counts = Counter(labels)
    if len(counts) < 2:
        raise InputDataError(
            f"{path}: training needs at least two different labels, found {sorted(counts)}"
        )
    return model_inputs(bodies, kept_subjects, policy), labels


def _holdout_report(
    texts: list[str], labels: list[str], share: float, settings: TrainSettings
) -> dict[str, Any]:
    """Train on the rest, score the held-out share (stratified, fixed seed)."""
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    rng = random.Random(13)
    held: list[int] = []
    for rows in by_label.values():
        if len(rows) >= 2:
            rng.shuffle(rows)
            held.extend(rows[: max(1, round(len(rows) * share))])
    held_set = set(held)
    train = [i for i in range(len(texts)) if i not in held_set]
    model = TextClassifier.fit(
        [texts[i] for i in train], [labels[i] for i in train], settings=settings
    )
    predicted = model.predict([texts[i] for i in held])
    report: dict[str, Any] = {
        "task": "category",
        "n_train": len(train),
        "n_test": len(held),
        "multi_class": model.meta["cv"]["multi_class"],
    }
    report.update(classification_report([labels[i] for i in held], predicted))
    return report
