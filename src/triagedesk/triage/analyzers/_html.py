"""HTML e-mail bodies to plain text: block tags become line breaks, scripts and quotes go."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Searching for a real tag name keeps "a < b" or "<EMAIL>" in plain text from counting as HTML.
_HTML_TAG = re.compile(
    r"<(?:!doctype|html|head|body|div|p|br|span|table|tr|td|a|b|i|u|strong|em|font|style|"
    r"script|meta|blockquote|ul|ol|li|h[1-6]|img|hr|pre|center|section)\b[^>]{0,500}>",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    ("p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
     "blockquote", "pre", "hr", "section", "article", "header", "footer", "center", "dl", "dt",
     "dd", "address", "form", "fieldset")
)  # fmt: skip
_SKIPPED_TAGS = frozenset(
    ("script", "style", "head", "title", "template", "noscript", "object", "svg")
)
_VOID_TAGS = frozenset(
    ("br", "hr", "img", "meta", "link", "input", "col", "area", "base", "embed", "source", "wbr",
     "param")
)  # fmt: skip
# Markers mail clients put on the quoted earlier message (Gmail, Thunderbird, Outlook, Apple Mail).
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote")
_QUOTE_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# Tag soup the parser gives up on: remove whatever still looks like a tag.
_ANY_TAG = re.compile(r"<[^>]{0,2000}>")


def looks_like_html(text: str) -> bool:
    """Whether the body carries HTML markup rather than plain text."""
    return _HTML_TAG.search(text) is not None


def html_to_text(markup: str, drop_quotes: bool = False) -> str:
    """The readable text of an HTML body, paragraphs on their own lines."""
    extractor = _TextExtractor(drop_quotes)
    try:
        extractor.feed(markup)
        extractor.close()
    except AssertionError:
        # html.parser raises AssertionError on some malformed declarations: strip tags instead.
        return _ANY_TAG.sub(" ", markup)
    return "".join(extractor.parts)


class _TextExtractor(HTMLParser):
    """Collects text, skipping scripts, styles and (optionally) quoted earlier messages."""

    def __init__(self, drop_quotes: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop_quotes = drop_quotes
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in _VOID_TAGS:
                self._skip_depth += 1
            return
        if tag in _SKIPPED_TAGS or (self._drop_quotes and _is_quote(tag, attrs)):
            if tag not in _VOID_TAGS:
                self._skip_tag, self._skip_depth = tag, 1
            return
        if tag == "pre":
            self._pre_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None and tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip_tag is None:
            self.parts.append(data if self._pre_depth else _SPACES.sub(" ", data))


def _is_quote(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag == "blockquote":
        return True
    for name, value in attrs:
        lowered = (value or "").lower()
        if name == "class" and any(marker in lowered for marker in _QUOTE_CLASSES):
            return True
        if name == "id" and any(marker in lowered for marker in _QUOTE_IDS):
            return True
    return False
