"""Check digits and embedded dates of Nordic identity numbers, payment cards and IBANs."""

from __future__ import annotations

import calendar

# Registered IBAN lengths (ISO 13616) for the countries our customers bank in; others: 15-34.
IBAN_LENGTHS = {
    "AT": 20, "BE": 16, "CH": 21, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18,
    "FO": 18, "FR": 27, "GB": 22, "GL": 18, "IE": 22, "IS": 26, "IT": 27, "LT": 20, "LU": 20,
    "LV": 21, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "SE": 24,
}  # fmt: skip
_FNR_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_FNR_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards and Swedish personnummer."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def date_exists(
    day: int, month: int, two_digit_year: int | None = None, year: int | None = None
) -> bool:
    """Whether day.month exists in the given year, or in some century for a two-digit year."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        # With the century unknown, 29 February exists exactly when the two digits divide by 4.
        if month == 2 and day == 29:
            return (two_digit_year or 0) % 4 == 0
        year = 2001
    return day <= calendar.monthrange(year, month)[1]


def personnummer_ok(digits: str) -> bool:
    """A Swedish personnummer or samordningsnummer, 10 or 12 digits, Luhn over the last 10."""
    if len(digits) == 12:
        century, digits = int(digits[:2]), digits[2:]
        if century not in (18, 19, 20):
            return False
        year: int | None = century * 100 + int(digits[:2])
    elif len(digits) == 10:
        year = None
    else:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return date_exists(day, month, int(digits[:2]), year) and luhn_ok(digits)


def cpr_ok(digits: str) -> bool:
    """A Danish CPR number: DDMMYY and four digits (no modulus check since 2007)."""
    if len(digits) != 10:
        return False
    return date_exists(int(digits[:2]), int(digits[2:4]), int(digits[4:6]))


def fodselsnummer_ok(digits: str) -> bool:
    """A Norwegian fødselsnummer or D-/H-number: DDMMYY, three digits, two mod-11 check digits."""
    if len(digits) != 11:
        return False
    numbers = [ord(char) - 48 for char in digits]
    for weights, check in ((_FNR_WEIGHTS_1, numbers[9]), (_FNR_WEIGHTS_2, numbers[10])):
        remainder = sum(w * n for w, n in zip(weights, numbers, strict=False)) % 11
        if (11 - remainder) % 11 != check:
            return False
    day, month = int(digits[:2]), int(digits[2:4])
    if day > 40:  # D-number
        day -= 40
    if month > 40:  # H-number
        month -= 40
    return date_exists(day, month, int(digits[4:6]))


def card_ok(digits: str) -> bool:
    """A payment card number: 13-19 digits, a card-network prefix, Luhn."""
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_ok(digits)


def iban_ok(compact: str) -> bool:
    """An IBAN without spaces: country length when known, ISO 7064 mod 97 == 1."""
    country = compact[:2]
    if not (country.isalpha() and country.isascii() and compact[2:4].isdigit()):
        return False
    if len(compact) != IBAN_LENGTHS.get(country, len(compact)) or not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1
