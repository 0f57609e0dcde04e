"""Human-readable output of a triage decision."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click

from triagedesk.triage.result import TriageResult

_LEVEL_COLOURS = {"critical": "red", "high": "yellow", "medium": "blue", "low": "green"}


def render_decision(result: TriageResult, timezone: str) -> str:
    """The decision as an aligned, readable block."""
    lines = [_row("Language", _language(result))]
    if result.sentiment:
        s = result.sentiment
        words = ", ".join(f"'{e.text}'" for e in s.evidence[:4])
        lines.append(
            _row(
                "Sentiment",
                f"{s.label.replace('_', ' ')} ({s.score:+.2f})" + (f"  {words}" if words else ""),
            )
        )
    if result.category:
        c = result.category
        why = next((r.detail for r in result.reasons if r.analyzer == "category"), "")
        sub = f" / {c.sub}" if c.sub else ""
        lines.append(_row("Category", why or f"{c.label}{sub} ({c.confidence:.0%})"))
    if result.keywords:
        lines.append(_row("Keywords", ", ".join(result.keywords)))
    for signal in result.signals:
        lines.append(_row("Signal", f"{signal.kind}/{signal.sub}: '{signal.evidence.text}'"))
    if result.priority:
        p = result.priority
        head = click.style(p.level.upper(), fg=_LEVEL_COLOURS.get(p.level), bold=True)
        lines.append(_row("Priority", f"{head}, {p.points:g} points"))
        for reason in p.reasons:
            quote = f": {reason.quote()}" if reason.evidence else ""
            lines.append(f"{'':16}{reason.points:+g} {reason.detail}{quote}")
    if result.team:
        lines.append(_row("Team", result.team))
    if result.first_response_due:
        lines.append(_row("First reply by", _local(result.first_response_due, timezone)))
    if result.resolution_due:
        lines.append(_row("Resolve by", _local(result.resolution_due, timezone)))
    review = "yes: " + "; ".join(result.review_reasons) if result.needs_review else "no"
    lines.append(_row("Needs review", review))
    return "\n".join(lines)


def _row(name: str, value: str) -> str:
    return f"{name:<16}{value}"


def _language(result: TriageResult) -> str:
    source = result.language_source or "detected"
    return f"{result.language} ({source}, {result.language_confidence:.2f})"


def _local(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime(f"%a %Y-%m-%d %H:%M ({timezone})")
