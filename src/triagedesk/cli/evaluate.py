"""`triagedesk evaluate`: accuracy, macro-F1, per-label precision/recall and confusion matrix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from triagedesk.cli.options import json_option, model_option, policy_option
from triagedesk.conf import load_settings
from triagedesk.engine import installation_policy
from triagedesk.evaluation import TASKS, Columns, evaluate

FILE = click.Path(path_type=Path, dir_okay=False)


@click.command("evaluate")
@click.option("--task", type=click.Choice(TASKS), required=True, help="What to evaluate.")
@click.option("--test", "test_path", type=FILE, required=True, help="Labelled CSV to score on.")
@click.option(
    "--train", "train_path", type=FILE, help="Labelled CSV to train a fresh model on first."
)
@click.option(
    "--no-train", is_flag=True, help="Evaluate the shipped (or installed) engine as it is."
)
@click.option("--text-col", default="text", show_default=True, help="Column with the ticket text.")
@click.option("--label-col", default="label", show_default=True, help="Column with the true label.")
@click.option(
    "--score-col",
    default="score",
    show_default=True,
    help="Numeric sentiment column for Spearman (when present).",
)
@json_option
@policy_option
@model_option
def command(
    task: str, test_path: Path, train_path: Path | None, no_train: bool, text_col: str, label_col: str,
    score_col: str, as_json: bool, policy_path: Path | None, model_path: Path | None,
) -> None:  # fmt: skip
    """Evaluate on labelled data: train on --train and score on --test, or --no-train."""
    if no_train == (train_path is not None):
        raise click.UsageError(
            "give either --train FILE (train a fresh model) or --no-train (the engine as it is)"
        )
    policy = installation_policy(load_settings(), policy_path, model_path)
    report = evaluate(task, policy, test_path, train_path, Columns(text_col, label_col, score_col))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        click.echo(render_report(report))


def render_report(report: dict[str, Any]) -> str:
    """Headline figures, then one line per label."""
    lines = [
        f"task {report['task']}: trained on {report['n_train']}, tested on {report['n_test']}",
        f"accuracy  {report['accuracy']:.3f}",
        f"macro-F1  {report['macro_f1']:.3f}",
    ]
    if "spearman" in report:
        lines.append(f"spearman  {report['spearman']:.3f}")
    lines.append("")
    lines.append(f"{'label':<28}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}")
    for label, row in report["per_label"].items():
        lines.append(
            f"{label[:27]:<28}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>8.3f}{row['support']:>9}"
        )
    return "\n".join(lines)
