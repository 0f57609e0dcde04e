"""The customer's text with the engine's evidence marked, for the triage card."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlighted(text: str, decision: dict[str, Any]) -> SafeString | None:
    """The text with every evidence span of the priority reasons wrapped in <mark>.

    Spans are offsets into the cleaned text the engine read; when that differs from the stored
    message (HTML, quoted replies), the marks are placed by finding the quoted words instead.
    """
    spans: list[tuple[int, int, str]] = []
    for reason in (decision.get("priority") or {}).get("reasons", []):
        for quote in _quotes(reason.get("evidence", "")):
            start = text.find(quote)
            if start >= 0:
                spans.append((start, start + len(quote), reason.get("factor", "")))
    if not spans:
        return None
    parts: list[str] = []
    position = 0
    for start, end, factor in sorted(spans):
        if start < position:
            continue  # overlapping evidence: the first one is marked
        parts.append(escape(text[position:start]))
        parts.append(
            f'<mark class="ev ev-{escape(factor)}" title="{escape(factor)}">{escape(text[start:end])}</mark>'
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def _quotes(evidence: str) -> list[str]:
    """The quoted pieces of a reason's evidence string: "'ur spel', 'imorgon'" -> two quotes."""
    return [
        piece.strip().strip("'") for piece in evidence.split("', '") if piece.strip().strip("'")
    ]
