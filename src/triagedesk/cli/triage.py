"""`triagedesk triage`: one ticket from the argument or stdin, or many from a CSV file."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from triagedesk.cli.options import json_option, model_option, policy_option, read_text_argument
from triagedesk.cli.render import render_decision
from triagedesk.conf import load_settings
from triagedesk.csvfiles import open_csv
from triagedesk.engine import build_engine
from triagedesk.errors import InputDataError
from triagedesk.triage.result import TriageInput, TriageResult

TIERS = ("VIP", "A", "B", "C")
OUTPUT_COLUMNS = (
    "language", "sentiment_score", "sentiment_label", "category", "sub_category", "confidence",
    "priority", "points", "team", "needs_review", "first_response_due", "signals", "explanation",
)  # fmt: skip


@click.command("triage")
@click.argument("text", required=False)
@click.option("--subject", default="", help="The ticket's subject line.")
@click.option("--tier", type=click.Choice(TIERS, case_sensitive=False), help="Customer tier.")
@click.option("--annual-value", type=click.FloatRange(min=0), help="Customer's annual value.")
@click.option(
    "--customer-language", help="The customer's known language, used when the text is too short."
)
@click.option(
    "--csv",
    "csv_in",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Triage every row of this CSV.",
)
@click.option(
    "--out",
    "csv_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where --csv writes its result.",
)
@click.option("--text-col", default="text", show_default=True, help="Text column of --csv.")
@click.option(
    "--subject-col",
    default="subject",
    show_default=True,
    help="Subject column of --csv (optional).",
)
@json_option
@policy_option
@model_option
def command(
    text: str | None, subject: str, tier: str | None, annual_value: float | None,
    customer_language: str | None, csv_in: Path | None, csv_out: Path | None, text_col: str,
    subject_col: str, as_json: bool, policy_path: Path | None, model_path: Path | None,
) -> None:  # fmt: skip
    """Triage one ticket (TEXT, or '-' for stdin) and explain the decision, or many with --csv."""
    settings = load_settings()
    if csv_in is not None:
        if csv_out is None:
            raise click.UsageError("--csv needs --out, the file to write the decisions to")
        engine = build_engine(settings, policy_path, model_path)
        count = _triage_csv(engine, csv_in, csv_out, text_col, subject_col)
        click.echo(f"triaged {count} tickets -> {csv_out}", err=True)
        return
    body = read_text_argument(text)
    engine = build_engine(settings, policy_path, model_path)
    ticket = TriageInput(
        text=body, subject=subject, tier=tier.upper() if tier else None,
        annual_value=annual_value, customer_language=customer_language,
    )  # fmt: skip
    result = engine.triage(ticket)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(render_decision(result, engine.policy.sla.timezone))


def _triage_csv(engine: Any, csv_in: Path, csv_out: Path, text_col: str, subject_col: str) -> int:
    from tqdm import tqdm

    with open_csv(csv_in, required=(text_col,)) as (reader, total):
        columns = list(reader.fieldnames or [])
        has_subject = subject_col in columns
        rows = list(reader)
        tickets = (
            TriageInput(
                text=row[text_col] or "",
                subject=(row.get(subject_col) or "") if has_subject else "",
            )
            for row in rows
        )
        out_columns = columns + [c for c in OUTPUT_COLUMNS if c not in columns]
        try:
            handle = csv_out.open("w", newline="", encoding="utf-8")
        except OSError as exc:
            raise InputDataError(f"cannot write {csv_out}: {exc.strerror}") from None
        with handle:
            writer = csv.DictWriter(handle, fieldnames=out_columns)
            writer.writeheader()
            results = engine.triage_many(tickets)
            progress = tqdm(
                zip(rows, results, strict=True), total=total, unit="ticket", file=sys.stderr
            )
            for row, result in progress:
                writer.writerow({**row, **_flat(result)})
    return len(rows)


def _flat(result: TriageResult) -> dict[str, Any]:
    s, c, p = result.sentiment, result.category, result.priority
    return {
        "language": result.language,
        "sentiment_score": f"{s.score:.3f}" if s else "",
        "sentiment_label": s.label if s else "",
        "category": c.label if c else "",
        "sub_category": (c.sub or "") if c else "",
        "confidence": f"{c.confidence:.3f}" if c else "",
        "priority": p.level if p else "",
        "points": f"{p.points:g}" if p else "",
        "team": result.team or "",
        "needs_review": str(result.needs_review).lower(),
        "first_response_due": result.first_response_due.isoformat()
        if result.first_response_due
        else "",
        "signals": "; ".join(f"{x.kind}/{x.sub}: {x.evidence.text}" for x in result.signals),
        "explanation": "; ".join(f"{r.points:+g} {r.detail}" for r in p.reasons) if p else "",
    }
