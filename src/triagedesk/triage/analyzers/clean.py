"""Clean a ticket's text: HTML to text, unicode normalised, quoted replies and signatures gone."""

from __future__ import annotations

import re
import unicodedata

from triagedesk.triage.analyzers._html import html_to_text, looks_like_html
from triagedesk.triage.analyzers._reply import ReplyStripper
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Reason, TriageResult

# Control and invisible format characters (zero-width, bidi overrides, BOM, soft hyphen) and lone
# surrogates, which break encoding further down; tabs and line breaks are kept.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_LINE_BREAKS = re.compile("[\r\x0c\x1c-\x1e\x85\u2028\u2029]")
# Spaces other than " " that survive NFKC; collapsing runs is a separate, rarely needed step
# (patterns that start on a common character like " " make `re` several times slower).
_ODD_SPACES = re.compile("[\t\x0b\u1680]")
_SPACE_RUNS = re.compile(" {2,}")
_SPACE_AROUND_BREAKS = re.compile(" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")
_REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|sv|aw|vs|wg|fw|fwd|antw|vb|vl)\s*(?:\[\d+\])?\s*:)+\s*", re.I
)
# Work on at most this many times max_chars of raw input: HTML and quoted history are verbose,
# and a pasted 5 MB log must not cost seconds before it is cut.
_RAW_FACTOR = 8


class TicketCleaner:
    """Turns the raw subject and body into the text every later analyzer reads."""

    def __init__(self, policy: Policy) -> None:
        self.max_chars = max(policy.clean.max_chars, 1)
        self.replies = ReplyStripper(policy.engine.languages)
        self.strip_quoted = policy.clean.strip_quoted_replies

    def __call__(self, result: TriageResult) -> None:
        subject = _REPLY_PREFIX.sub("", self.normalise(result.input.subject[: self.max_chars]))
        body = self.clean_body(result.input.text)
        text = f"{subject}\n{body}" if subject and body else subject or body
        if len(text) > self.max_chars:
            text = _cut(text, self.max_chars)
            result.reasons.append(
                Reason("clean", "truncated", f"only the first {self.max_chars} characters analysed")
            )
        result.text = text

    def clean_body(self, raw: str) -> str:
        """The body as plain, normalised text with only the customer's newest words."""
        body = raw[: self.max_chars * _RAW_FACTOR]
        if looks_like_html(body):
            body = html_to_text(body, drop_quotes=self.strip_quoted)
        body = _unify_line_breaks(body)
        if self.strip_quoted:
            body = self.replies.strip(body)
        return self.normalise(body)

    @staticmethod
    def normalise(text: str) -> str:
        """NFKC, no invisible characters, single spaces, at most one blank line in a row."""
        text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
        text = _ODD_SPACES.sub(" ", _unify_line_breaks(text))
        if "  " in text:
            text = _SPACE_RUNS.sub(" ", text)
        if " \n" in text or "\n " in text:
            text = _SPACE_AROUND_BREAKS.sub("\n", text)
        if "\n\n\n" in text:
            text = _BLANK_LINES.sub("\n\n", text)
        return text.strip()


def _unify_line_breaks(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return _LINE_BREAKS.sub("\n", text)


def _cut(text: str, limit: int) -> str:
    """The first `limit` characters, ending at a word boundary when one is near."""
    head = text[:limit]
    boundary = head.rfind(" ", max(0, limit - 40))
    return head[:boundary] if boundary > 0 else head


@analyzer("clean", requires=("input",), provides=("text",))
def build(policy: Policy) -> Analyzer:
    """Factory for the clean analyzer."""
    return TicketCleaner(policy)
