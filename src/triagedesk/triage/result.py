"""The typed result every analyzer adds its part to, and the evidence behind each decision."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class TriageInput:
    """One ticket as the engine sees it: text plus what we know about the customer."""

    text: str
    subject: str = ""
    tier: str | None = None
    annual_value: float | None = None
    customer_language: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True)
class Evidence:
    """A quoted piece of the cleaned text, with its character offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Reason:
    """One contribution to a decision, with the words that caused it."""

    analyzer: str
    factor: str
    detail: str
    points: float = 0.0
    evidence: tuple[Evidence, ...] = ()

    def quote(self) -> str:
        """The evidence as one readable string."""
        return ", ".join(f"'{e.text}'" for e in self.evidence)


@dataclass(frozen=True)
class Redaction:
    """A personal-data span replaced by a placeholder before any model sees the text."""

    kind: str
    start: int
    end: int
    placeholder: str


@dataclass(frozen=True)
class Signal:
    """A matched business signal such as business impact or escalation risk."""

    kind: str
    sub: str
    phrase: str
    evidence: Evidence


@dataclass
class Sentiment:
    """Sentiment score on -1..+1 and its label."""

    score: float
    label: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Category:
    """Main and sub-category with calibrated confidences."""

    label: str
    sub: str | None
    confidence: float
    sub_confidence: float | None = None
    alternatives: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Priority:
    """The points model's verdict."""

    level: str
    points: float
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class TriageResult:
    """Everything the engine concluded about one ticket."""

    input: TriageInput
    text: str = ""
    model_text: str = ""
    redactions: list[Redaction] = field(default_factory=list)
    language: str | None = None
    language_confidence: float = 0.0
    language_source: str = ""
    sentiment: Sentiment | None = None
    signals: list[Signal] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    category: Category | None = None
    priority: Priority | None = None
    team: str | None = None
    first_response_due: datetime | None = None
    resolution_due: datetime | None = None
    needs_review: bool = False
    review_reasons: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    def flag_for_review(self, why: str) -> None:
        """Send the ticket to the review queue, saying why."""
        self.needs_review = True
        self.review_reasons.append(why)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (the `triage --json` contract)."""
        return {
            "language": self.language,
            "language_confidence": round(self.language_confidence, 3),
            "language_source": self.language_source,
            "sentiment": _sentiment_dict(self.sentiment),
            "category": _category_dict(self.category),
            "signals": [_signal_dict(s) for s in self.signals],
            "keywords": list(self.keywords),
            "priority": _priority_dict(self.priority),
            "team": self.team,
            "needs_review": self.needs_review,
            "review_reasons": list(self.review_reasons),
            "first_response_due": _iso(self.first_response_due),
            "resolution_due": _iso(self.resolution_due),
            "redactions": [asdict(r) for r in self.redactions],
            "reasons": [_reason_dict(r) for r in self.reasons],
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _reason_dict(reason: Reason) -> dict[str, Any]:
    return {
        "analyzer": reason.analyzer,
        "factor": reason.factor,
        "points": reason.points,
        "detail": reason.detail,
        "evidence": reason.quote(),
        "spans": [[e.start, e.end] for e in reason.evidence],
    }


def _signal_dict(signal: Signal) -> dict[str, Any]:
    ev = signal.evidence
    return {
        "kind": signal.kind,
        "sub": signal.sub,
        "phrase": signal.phrase,
        "evidence": ev.text,
        "start": ev.start,
        "end": ev.end,
    }


def _sentiment_dict(sentiment: Sentiment | None) -> dict[str, Any] | None:
    if sentiment is None:
        return None
    return {
        "score": round(sentiment.score, 3),
        "label": sentiment.label,
        "evidence": [e.text for e in sentiment.evidence],
    }


def _category_dict(category: Category | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {
        "label": category.label,
        "sub": category.sub,
        "confidence": round(category.confidence, 3),
        "sub_confidence": None
        if category.sub_confidence is None
        else round(category.sub_confidence, 3),
        "alternatives": [[label, round(p, 3)] for label, p in category.alternatives],
    }


def _priority_dict(priority: Priority | None) -> dict[str, Any] | None:
    if priority is None:
        return None
    return {
        "level": priority.level,
        "points": priority.points,
        "reasons": [_reason_dict(r) for r in priority.reasons],
    }
