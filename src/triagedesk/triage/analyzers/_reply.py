"""Strip quoted earlier messages and signatures from an e-mail body, keeping the newest reply."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage

# mail-parser-reply has no Norwegian or Finnish headers; Norwegian clients write the Danish ones.
_PARSER_LANGUAGE = {"sv": "sv", "da": "da", "no": "da", "de": "de", "en": "en"}

# Sign-offs mail-parser-reply lacks (Norwegian, Finnish, common extras); one regex each.
_EXTRA_SIGNOFFS = {
    "en": [
        "Cheers",
        "Sincerely",
        "Yours sincerely",
        "Yours faithfully",
        "Many thanks",
        "Warm regards",
    ],
    "sv": ["Med vänlig hälsning", "Vänlig hälsning", "Tack på förhand", "Hälsning"],
    "da": ["De bedste hilsener", "Bedste hilsener"],
    "no": [
        "Med vennlig hilsen",
        "Vennlig hilsen",
        "Beste hilsen",
        "Hilsen",
        "Mvh",
        "Takk på forhånd",
    ],
    "de": ["MfG", "LG", "VG", "Freundliche Grüße", "Herzliche Grüße"],
    "fi": ["Ystävällisin terveisin", "Parhain terveisin", "Terveisin", "Kiitos"],
}
_EXTRA_SENT_FROM = ["Von meinem .{1,30} gesendet", "Sendt fra min", "Lähetetty", "Sent from Mail"]

# Cheap tell-tales of a quoted earlier message (run on lowercased text; separate patterns are
# several times faster than one alternation in `re`); only then is the slower library run.
_QUOTE_MARKERS = tuple(
    re.compile(pattern, re.MULTILINE)
    for pattern in (
        r"^[ \t]*>",
        r"(?:wrote|skrev|schrieb|kirjoitti)\b[^\n]{0,100}:[ \t]*$",
        r"^[ \t]*\*?(?:from|från|fran|fra|von|lähettäjä)\*?[ \t]*:",
        r"^[ \t]*-{3,}[^\n]{0,40}(?:original|oprindelig|opprinnelig|ursprüngliche|ursprungligt|"
        r"forwarded|videresendt|vidarebefordrat|weitergeleitete)",
    )
)
_SEPARATOR = re.compile(
    r"^[ \t]*-{3,}[ \t]*(?:original message|oprindelig meddelelse|opprinnelig melding|"
    r"ursprüngliche nachricht|ursprungligt meddelande|alkuperäinen viesti)[ \t]*-{3,}[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# "On <date>, <name> wrote:" that the library missed: wrapped over two lines, or Finnish.
_WROTE_HEADER = re.compile(
    r"^(?:[^\n]*\n(?=[ \t]*<))?[^\n]*\b(?:wrote|skrev|schrieb|kirjoitti)\b[^\n]{0,100}"
    r"(?:\n[ \t>]{0,3})?:[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|$)", re.MULTILINE)
# A quote header we believe names a date, a time or an address, not a sentence ending in a colon.
_PLAUSIBLE_HEADER = re.compile(r"\d|@|^[\s*>-]*\w+\s*:", re.MULTILINE)
_WORD = re.compile(r"[^\W\d_]{2,}")
# A signature is a few short lines; a longer block after a "Thanks" line is still the complaint.
_MAX_SIGNATURE_LINES = 12
_MAX_SIGNATURE_LINE_WORDS = 12


class ReplyStripper:
    """Keeps the customer's newest words: no quoted history, no signature."""

    def __init__(self, languages: Iterable[str]) -> None:
        wanted = list(languages)
        self.parser_languages = sorted(
            {_PARSER_LANGUAGE[code] for code in wanted if code in _PARSER_LANGUAGE} | {"en"}
        )
        self._signoff = _signoff_pattern(wanted, self.parser_languages)

    def strip(self, body: str) -> str:
        """The body without quoted replies and a trailing signature."""
        if _has_quote_marker(body):
            body = self._newest_reply(body)
            body = _cut_at_separator(body)
            body = _cut_at_wrote_header(body)
            body = _QUOTED_LINE.sub("", body)
        return self._cut_signature(body)

    def _newest_reply(self, body: str) -> str:
        message = EmailMessage(text=body, languages=list(self.parser_languages))
        message.read()
        if len(message.replies) < 2:
            return body
        if not _PLAUSIBLE_HEADER.search(message.replies[1].headers or ""):
            return body
        newest = message.replies[0].full_body
        # A forward with nothing written above it: the forwarded text is the ticket.
        return newest if len(_WORD.findall(newest)) >= 3 else body

    def _cut_signature(self, body: str) -> str:
        for match in self._signoff.finditer(body):
            if match.start() == 0:
                continue
            block = body[match.start() :].strip().splitlines()
            if len(block) <= _MAX_SIGNATURE_LINES and all(
                len(line.split()) <= _MAX_SIGNATURE_LINE_WORDS for line in block
            ):
                return body[: match.start()]
        return body


def _has_quote_marker(body: str) -> bool:
    if ">" not in body and ":" not in body and "---" not in body:
        return False
    lowered = body.lower()
    return any(marker.search(lowered) for marker in _QUOTE_MARKERS)


def _cut_at_separator(body: str) -> str:
    match = _SEPARATOR.search(body)
    if match and len(_WORD.findall(body[: match.start()])) >= 3:
        return body[: match.start()]
    return body


def _cut_at_wrote_header(body: str) -> str:
    for match in _WROTE_HEADER.finditer(body):
        header = match.group()
        names_a_date_or_address = any(char.isdigit() for char in header) or "@" in header
        if names_a_date_or_address and len(_WORD.findall(body[: match.start()])) >= 3:
            return body[: match.start()]
    return body


def _signoff_pattern(languages: list[str], parser_languages: list[str]) -> re.Pattern[str]:
    phrases: list[str] = []
    sent_from: list[str] = list(_EXTRA_SENT_FROM)
    for code in parser_languages:
        rules = MAIL_LANGUAGES.get(code, {})
        phrases.extend(rules.get("signatures", []))
        sent_from.extend(str(rules.get("sent_from", "")).split("|"))
    for code in {*languages, "en"}:
        phrases.extend(re.escape(phrase) for phrase in _EXTRA_SIGNOFFS.get(code, []))
    # The whole line must be the sign-off (plus maybe a name): "Tak for ingenting." is not one.
    closing = "|".join(sorted(set(phrases), key=len, reverse=True))
    name = r"(?-i:(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w.'-]*){0,3})"
    sent = "|".join(sorted({s for s in sent_from if s}, key=len, reverse=True))
    return re.compile(
        rf"^[ \t>]*(?:(?:{closing})[ \t]*[,.!:]?{name}[ \t]*[,.!]?[ \t]*$"
        rf"|(?:{sent})\b[^\n]{{0,80}}$|--[ \t]*$)",
        re.IGNORECASE | re.MULTILINE,
    )
