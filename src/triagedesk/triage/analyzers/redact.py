"""Replace personal data with placeholders before any model sees the text; keep the spans."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from triagedesk.errors import PolicyError
from triagedesk.triage.analyzers import _checksums as check
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, analyzer
from triagedesk.triage.result import Redaction, TriageResult

# A number starts after no word character, dot, comma or plus; it ends before no word character
# and no decimal part, so "1.0701234567" or "ab0701234567" are not phone numbers.
_L = r"(?<![\w.,+/-])"
_R = r"(?![\w]|[.,][0-9])"
# Words that say the number next to them is not personal data (order, invoice, case numbers).
_NOT_PERSONAL = re.compile(
    r"\b(?:order\w*|ordre\w*|bestilling\w*|beställning\w*|bestell\w*|faktura\w*|invoice\w*|"
    r"rechnung\w*|ärende\w*|case|ticket\w*|ref|refer\w*|artikel\w*|article|sku|serial|"
    r"serie\w*|tracking\w*|sendung\w*|kolli\w*|konto\w*|account\w*|avtal\w*|contract\w*|"
    r"vertrag\w*|ocr|isbn|(?:kund|kunde|kunden|sags|saks|customer)[- ]?(?:nummer|nr|no|number|id))"
    r"\b"
)
_CONTEXT_CHARS = 30
_PHONE_WORDS = re.compile(
    r"\b(?:tel|tlf|telefon\w*|phone|mobil\w*|cell|ring\w*|call|handy|fon|mob)\b"
)
_DATE_LIKE = re.compile(r"[0-9]{1,2}[-/. ][0-9]{1,2}[-/. ][0-9]{2,4}")
# National significant digits after each country code we expect (a stray trunk 0 allowed).
_COUNTRY_DIGITS = {
    "46": (7, 10),
    "45": (8, 8),
    "47": (8, 8),
    "49": (6, 12),
    "44": (9, 11),
    "1": (10, 10),
}


@dataclass(frozen=True)
class _Rule:
    """How one shape of personal data is found and confirmed."""

    kind: str
    group: str
    pattern: str
    confirm: Callable[[str, int, int], int | None]  # (text, start, end) -> confirmed end or None


_NON_DIGIT = re.compile(r"[^0-9]+")


def _digits(piece: str) -> str:
    return _NON_DIGIT.sub("", piece)


def _context(text: str, start: int) -> str:
    return text[max(0, start - _CONTEXT_CHARS) : start].lower()


def _allowed(text: str, start: int, positive: re.Pattern[str], required: bool = False) -> bool:
    """Whether the words before the number let us call it personal data."""
    before = _context(text, start)
    if positive.search(before):
        return True
    return not required and not _NOT_PERSONAL.search(before)


def _end_if(ok: bool, end: int) -> int | None:
    return end if ok else None


def _email(text: str, start: int, end: int) -> int | None:
    return end


def _iban(text: str, start: int, end: int) -> int | None:
    """The end of the longest prefix that is a valid IBAN (a trailing "EUR" is not part of it)."""
    piece = text[start:end]
    compact_ends = [i + 1 for i, char in enumerate(piece) if char != " "]
    for length in range(min(len(compact_ends), 34), 14, -1):
        cut = compact_ends[length - 1]
        if check.iban_ok(piece[:cut].replace(" ", "")):
            return start + cut
    return None


_PNR_WORDS = re.compile(r"\b(?:person\w*|pnr|samordning\w*|födelse\w*|ssn|id)")
_FNR_WORDS = re.compile(r"\b(?:fødsels\w*|fnr|person\w*|d-nummer|id)")
_CPR_WORDS = re.compile(r"\b(?:cpr\w*|person\w*)")
_CARD_WORDS = re.compile(r"\b(?:\w*kort\w*|card\w*|\w*karte\w*|visa|mastercard|amex)")


def _personnummer(text: str, start: int, end: int) -> int | None:
    piece = text[start:end]
    digits = _digits(piece)
    # Undashed 07xxxxxxxx is far more often a Swedish mobile number.
    if digits == piece and len(digits) == 10 and digits.startswith("07"):
        return None
    return _end_if(check.personnummer_ok(digits) and _allowed(text, start, _PNR_WORDS), end)


def _fodselsnummer(text: str, start: int, end: int) -> int | None:
    ok = check.fodselsnummer_ok(_digits(text[start:end]))
    return _end_if(ok and _allowed(text, start, _FNR_WORDS), end)


def _cpr(text: str, start: int, end: int) -> int | None:
    piece = text[start:end]
    # Ten bare digits with a date in front are often order numbers: only with "CPR" nearby.
    required = "-" not in piece
    ok = check.cpr_ok(_digits(piece))
    return _end_if(ok and _allowed(text, start, _CPR_WORDS, required), end)


def _card(text: str, start: int, end: int) -> int | None:
    ok = check.card_ok(_digits(text[start:end]))
    return _end_if(ok and _allowed(text, start, _CARD_WORDS), end)


def _phone_ends(text: str, start: int, end: int) -> Iterator[int]:
    """The match's end, then each shorter end before a separator (a number may follow a phone)."""
    yield end
    for cut in range(end - 1, start, -1):
        if text[cut] in " .-/" and text[cut - 1].isdigit():
            yield cut


def _phone_international(text: str, start: int, end: int) -> int | None:
    if not _allowed(text, start, _PHONE_WORDS):
        return None
    for cut in _phone_ends(text, start, end):
        digits = _digits(text[start:cut].replace("(0)", ""))
        digits = digits[2:] if text[start] == "0" else digits
        code = next((c for c in ("46", "45", "47", "49", "44", "1") if digits.startswith(c)), None)
        low, high = _COUNTRY_DIGITS[code] if code else (6, 13)
        national = len(digits) - len(code or "")
        if low <= national <= high and len(digits) <= 15:
            return cut
    return None


def _phone_national(text: str, start: int, end: int) -> int | None:
    if not _allowed(text, start, _PHONE_WORDS):
        return None
    for cut in _phone_ends(text, start, end):
        piece = text[start:cut]
        if 8 <= len(_digits(piece)) <= 12 and not _DATE_LIKE.fullmatch(piece):
            return cut
    return None


_MOBILE = re.compile(r"07[02369][0-9]{7}|01[5-7][0-9]{8,9}|07[0-9]{9}")


def _phone_mobile(text: str, start: int, end: int) -> int | None:
    """Unseparated national numbers: a Swedish, German or UK mobile prefix, or a phone word."""
    mobile = _MOBILE.fullmatch(text, start, end) is not None
    return _end_if(_allowed(text, start, _PHONE_WORDS, required=not mobile), end)


def _phone_grouped(text: str, start: int, end: int) -> int | None:
    """Danish/Norwegian 12 34 56 78 and 123 45 678; 1234 5678 only next to a phone word."""
    piece = text[start:end]
    pairs = piece.count(" ") >= 2
    return _end_if(_allowed(text, start, _PHONE_WORDS, required=not pairs), end)


def _phone_us(text: str, start: int, end: int) -> int | None:
    return _end_if(_allowed(text, start, _PHONE_WORDS), end)


# In priority order: at one position the first confirmed rule wins.
_RULES = (
    _Rule("email", "email", r"(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}"
          r"\.[^\W\d_]{2,24}(?![\w-])", _email),
    _Rule("iban", "iban", r"(?<![\w])[A-Z]{2}[0-9]{2}(?: ?[0-9A-Z]){11,32}(?![\w])", _iban),
    _Rule("card", "card", _L + r"(?:(?:[0-9]{4}[ -]){3}[0-9]{4}(?:[ -]?[0-9]{3})?|[0-9]{4}[ -]"
          r"[0-9]{6}[ -][0-9]{5}|[0-9]{13,19})" + _R, _card),
    _Rule("personnummer", "personnummer",
          _L + r"(?:(?:18|19|20)[0-9]{6}|[0-9]{6})[-+]?[0-9]{4}" + _R, _personnummer),
    _Rule("fodselsnummer", "fodselsnummer", _L + r"[0-9]{6} ?[0-9]{5}" + _R, _fodselsnummer),
    _Rule("cpr", "cpr", _L + r"[0-9]{6}-?[0-9]{4}" + _R, _cpr),
    _Rule("phone", "phone_intl", r"(?<![\w+])(?:\+|00)[1-9][0-9]{0,2}(?:[ .-]?\(0\))?"
          r"(?:[ .-]?\(?[0-9]{1,5}\)?){1,6}" + _R, _phone_international),
    _Rule("phone", "phone_national", _L + r"\(?0[0-9]{1,4}\)?[ /-]{1,2}[0-9]{2,8}"
          r"(?:[ -][0-9]{2,4}){0,3}" + _R, _phone_national),
    _Rule("phone", "phone_mobile", _L + r"0[0-9]{9,10}" + _R, _phone_mobile),
    _Rule("phone", "phone_grouped", _L + r"(?:[0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}|[0-9]{3} "
          r"[0-9]{2} [0-9]{3}|[0-9]{4} ?[0-9]{4})" + _R, _phone_grouped),
    _Rule("phone", "phone_us", _L + r"(?:\([0-9]{3}\) ?|[0-9]{3}-)[0-9]{3}-[0-9]{4}" + _R,
          _phone_us),
)  # fmt: skip
KINDS = tuple(dict.fromkeys(rule.kind for rule in _RULES))


# Where personal data may be: a run of at least eight digits and separators. Rules are only
# tried where a number can start in such a run: one scan for runs is several times faster in
# `re` than any alternation of the rules themselves (or of runs and IBAN starts).
_CANDIDATE = re.compile(r"[0-9][0-9 ()./+-]{6,}[0-9]")
# The start of an IBAN whose bank code has letters (GB82 WEST 1234...), before a digit run.
_IBAN_HEAD = re.compile(r"[A-Z]{2}[0-9]{2}[ 0-9A-Z]{0,30}$")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EMAIL_REACH = 64  # the longest local part of an address (RFC 5321)


class _Rules:
    """Rules tried together at one position; the first one that confirms a span wins."""

    def __init__(self, rules: list[_Rule]) -> None:
        self.rules = rules
        self.combined = re.compile("|".join(f"(?P<{r.group}>{r.pattern})" for r in rules))
        self.single = [re.compile(rule.pattern) for rule in rules]
        self.index = {rule.group: i for i, rule in enumerate(rules)}

    def at(self, text: str, start: int, stop: int) -> Redaction | None:
        """A confirmed span starting exactly at `start`, or None."""
        match = self.combined.match(text, start, stop)
        if match is None:
            return None
        for i in range(self.index[match.lastgroup or ""], len(self.rules)):
            rule = self.rules[i]
            candidate = (
                match if rule.group == match.lastgroup else self.single[i].match(text, start, stop)
            )
            if candidate is None:
                continue
            end = rule.confirm(text, start, candidate.end())
            if end is not None and end > start:
                return Redaction(rule.kind, start, end, f"<{rule.kind.upper()}>")
        return None


class PersonalDataRedactor:
    """Finds personal data of the configured kinds and masks it for the models."""

    def __init__(self, kinds: list[str], source: str = "policy") -> None:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise PolicyError(
                f"{source}: [redact.kinds] has unknown kind(s) {unknown}; known: {', '.join(KINDS)}"
            )
        chosen = [rule for rule in _RULES if rule.kind in kinds]
        by_kind = {rule.kind: rule for rule in chosen}
        self.email = re.compile(by_kind["email"].pattern) if "email" in by_kind else None
        self.iban = re.compile(by_kind["iban"].pattern) if "iban" in by_kind else None
        numeric = [rule for rule in chosen if rule.kind not in ("email", "iban")]
        self.numbers = _Rules(numeric) if numeric else None

    def __call__(self, result: TriageResult) -> None:
        result.redactions = self.find(result.text)
        result.model_text = mask(result.text, result.redactions)

    def find(self, text: str) -> list[Redaction]:
        """Every confirmed span of personal data, in order and not overlapping."""
        found = self._emails(text) if self.email and "@" in text else []
        if self.iban or self.numbers:
            found += self._numbers(text)
        return _first_come(found)

    def _emails(self, text: str) -> list[Redaction]:
        assert self.email is not None
        found: list[Redaction] = []
        position = 0
        while (at := text.find("@", position)) != -1:
            window = (max(position, at - _EMAIL_REACH), min(len(text), at + 5 * _EMAIL_REACH))
            match = self.email.search(text, *window)
            if match is not None and match.start() <= at:
                found.append(Redaction("email", match.start(), match.end(), "<EMAIL>"))
                position = match.end()
            else:
                position = at + 1
        return found

    def _numbers(self, text: str) -> list[Redaction]:
        found: list[Redaction] = []
        done = 0  # nothing before this offset is looked at again
        for candidate in _CANDIDATE.finditer(text):
            start = candidate.start()
            if start < done:
                continue
            if _ISO_DATE.fullmatch(candidate[0]):
                continue
            if self.iban and start >= 2 and text[start - 2].isupper():
                done = self._iban_before(text, start, found)
                if done > start:
                    continue
            if self.numbers:
                stop = min(candidate.end() + 1, len(text))
                for position in _number_starts(text, start, candidate.end()):
                    redaction = None if position < done else self.numbers.at(text, position, stop)
                    if redaction is not None:
                        found.append(redaction)
                        done = redaction.end
        return found

    def _iban_before(self, text: str, start: int, found: list[Redaction]) -> int:
        """Record an IBAN this digit run belongs to; the offset to go on from."""
        assert self.iban is not None
        two = text[start - 2 : start]
        if two.isupper() and two.isalpha():
            head = start - 2
        else:
            before = _IBAN_HEAD.search(text, max(0, start - 34), start)
            if before is None:
                return start
            head = before.start()
        shape = self.iban.match(text, head)
        if shape is None or shape.end() <= start:
            return start
        end = _iban(text, head, shape.end())
        if end is not None:
            found.append(Redaction("iban", head, end, "<IBAN>"))
        # An IBAN-shaped typo is skipped whole: its digit groups are no phone number.
        return end or shape.end()


def _number_starts(text: str, start: int, end: int) -> list[int]:
    """Where a number may start in a run: its first digit (or a + or ( before it) and each group."""
    if start > 0 and text[start - 1] in "+(":
        start -= 2 if start > 1 and text[start - 2] in "+(" else 1
    return [
        i
        for i in range(start, end)
        if (i == start or not (text[i - 1].isdigit() or text[i - 1] in "+("))
        and (text[i].isdigit() or text[i] in "+(")
    ]


def _first_come(found: list[Redaction]) -> list[Redaction]:
    """Sorted, without overlaps; where an e-mail address overlaps a number, the address wins."""
    kept: list[Redaction] = []
    for redaction in sorted(found, key=lambda r: (r.start, r.kind != "email")):
        if not kept or redaction.start >= kept[-1].end:
            kept.append(redaction)
        elif redaction.kind == "email" and kept[-1].kind != "email":
            kept[-1] = redaction
    return kept


def mask(text: str, redactions: list[Redaction]) -> str:
    """The text with each redacted span replaced by its placeholder."""
    if not redactions:
        return text
    parts: list[str] = []
    position = 0
    for redaction in redactions:
        parts.append(text[position : redaction.start])
        parts.append(redaction.placeholder)
        position = redaction.end
    parts.append(text[position:])
    return "".join(parts)


@analyzer("redact", requires=("text",), provides=("model_text", "redactions"))
def build(policy: Policy) -> Analyzer:
    """Factory for the redact analyzer."""
    return PersonalDataRedactor(policy.redact.kinds, policy.source)
