"""The redact analyzer: personal data becomes placeholders; checksums keep other numbers."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triagedesk.errors import PolicyError
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, registered
from triagedesk.triage.result import TriageInput, TriageResult


def _redactor(policy: Policy, kinds: list[str]) -> Analyzer:
    changed = dataclasses.replace(policy, redact=dataclasses.replace(policy.redact, kinds=kinds))
    return registered()["redact"].factory(changed)


@pytest.fixture(scope="module")
def redact(policy: Policy) -> Analyzer:
    return registered()["redact"].factory(policy)


def _run(redact: Analyzer, text: str) -> TriageResult:
    result = TriageResult(input=TriageInput(text=text), text=text)
    redact(result)
    return result


def _found(redact: Analyzer, text: str) -> list[tuple[str, str]]:
    result = _run(redact, text)
    return [(r.kind, text[r.start : r.end]) for r in result.redactions]


def test_redact_is_registered_after_text() -> None:
    spec = registered()["redact"]
    assert spec.requires == ("text",)
    assert set(spec.provides) == {"model_text", "redactions"}


def test_placeholders_replace_the_spans_and_offsets_point_into_the_clean_text(
    redact: Analyzer,
) -> None:
    text = "Mitt personnummer är 850709-9805, mejla anna.svensson@example.se."
    result = _run(redact, text)
    assert result.model_text == "Mitt personnummer är <PERSONNUMMER>, mejla <EMAIL>."
    assert [(r.kind, r.placeholder) for r in result.redactions] == [
        ("personnummer", "<PERSONNUMMER>"),
        ("email", "<EMAIL>"),
    ]
    assert text[result.redactions[0].start : result.redactions[0].end] == "850709-9805"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Personnummer 850709-9805 gäller.", "850709-9805"),
        ("Mitt personnummer: 19850709-9805", "19850709-9805"),
        ("pnr 198507099805", "198507099805"),
        ("Född för länge sedan: 121212+1212, personnummer", "121212+1212"),
        ("Samordningsnummer 701063-2391", "701063-2391"),
    ],
)
def test_valid_swedish_personnummer_is_redacted(redact: Analyzer, text: str, number: str) -> None:
    assert _found(redact, text) == [("personnummer", number)]


@pytest.mark.parametrize("number", ["850709-9806", "19850709-9804", "851332-9805"])
def test_personnummer_with_a_wrong_check_digit_or_date_is_kept(
    redact: Analyzer, number: str
) -> None:
    assert _found(redact, f"Personnummer {number}, tack.") == []


def test_valid_danish_cpr_is_redacted(redact: Analyzer) -> None:
    assert _found(redact, "Mit CPR-nummer er 311299-1234.") == [("cpr", "311299-1234")]
    assert _found(redact, "CPR 0101901234") == [("cpr", "0101901234")]


@pytest.mark.parametrize("text", ["CPR-nummer 321299-1234", "CPR 011399-1234", "ordre 0101901234"])
def test_cpr_with_an_impossible_date_or_no_cpr_context_is_kept(redact: Analyzer, text: str) -> None:
    assert _found(redact, text) == []


def test_valid_norwegian_fodselsnummer_is_redacted(redact: Analyzer) -> None:
    assert _found(redact, "Fødselsnummer 15038512363.") == [("fodselsnummer", "15038512363")]
    assert _found(redact, "fnr 150385 12363") == [("fodselsnummer", "150385 12363")]


@pytest.mark.parametrize("number", ["15038512364", "15038512373", "45138512363"])
def test_fodselsnummer_with_wrong_check_digits_is_kept(redact: Analyzer, number: str) -> None:
    assert _found(redact, f"Fødselsnummer {number}.") == []


@pytest.mark.parametrize(
    "iban",
    [
        "SE45 5000 0000 0583 9825 7466",
        "DE89370400440532013000",
        "DK50 0040 0440 1162 43",
        "NO93 8601 1117 947",
        "GB82 WEST 1234 5698 7654 32",
    ],
)
def test_valid_iban_is_redacted_spaced_or_not(redact: Analyzer, iban: str) -> None:
    assert _found(redact, f"Betala till {iban} snarast.") == [("iban", iban)]


def test_iban_stops_before_a_currency_after_it(redact: Analyzer) -> None:
    assert _found(redact, "IBAN DE89 3704 0044 0532 0130 00 EUR") == [
        ("iban", "DE89 3704 0044 0532 0130 00")
    ]


def test_iban_with_a_wrong_check_is_kept_whole(redact: Analyzer) -> None:
    assert _found(redact, "Fel konto: SE45 5000 0000 0583 9825 7467.") == []


@pytest.mark.parametrize(
    "card", ["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005", "4012888888881881"]
)
def test_luhn_valid_card_numbers_are_redacted(redact: Analyzer, card: str) -> None:
    assert _found(redact, f"Mitt kort {card} drogs två gånger.") == [("card", card)]


@pytest.mark.parametrize("card", ["4111 1111 1111 1112", "1234567812345670", "0000000000000000"])
def test_card_numbers_failing_luhn_or_without_a_network_prefix_are_kept(
    redact: Analyzer, card: str
) -> None:
    assert _found(redact, f"Kortet {card} fungerar inte.") == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Ring mig på 070-123 45 67 i dag.", "070-123 45 67"),
        ("Nå mig på +46 70 123 45 67.", "+46 70 123 45 67"),
        ("Stockholmskontoret: 08-123 456 78", "08-123 456 78"),
        ("Mobil 0701234567", "0701234567"),
        ("Ring til mig på 12 34 56 78.", "12 34 56 78"),
        ("Ring +45 12 34 56 78", "+45 12 34 56 78"),
        ("Ring meg på 412 34 567.", "412 34 567"),
        ("tlf 0047 41234567", "0047 41234567"),
        ("Rufen Sie 030 12345678 an.", "030 12345678"),
        ("Telefon +49 (0)30 1234 5678", "+49 (0)30 1234 5678"),
        ("Handy 0171 1234567", "0171 1234567"),
        ("Call (555) 123-4567 today.", "(555) 123-4567"),
        ("Call +1 555 123 4567 today.", "+1 555 123 4567"),
        ("Phone 020 7946 0958", "020 7946 0958"),
        ("Mobile +44 7700 900123", "+44 7700 900123"),
        ("tlf 87654321", "87654321"),
    ],
)
def test_phone_numbers_in_every_format_are_redacted(
    redact: Analyzer, text: str, phone: str
) -> None:
    assert _found(redact, text) == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Ordernummer 4711-2023-0815 kom inte fram.",
        "Beställningen 12345678 levererades 2024-03-05.",
        "Faktura 0123-456789 är fel.",
        "Ordre 240315-0042 er forsinket.",
        "Bestellung 0171 1234567 fehlt.",
        "Invoice 555-123-4567 is wrong.",
        "Datum 05-03-2024, kl 09:00-17:00.",
        "Beloppet var 12 345,50 kr och 1 234 567 SEK.",
        "Version 10.0701234567 kraschar.",
        "Kundnummer 87654321",
        "Rechnung vom 03.03.2025 über 1.234,56 EUR",
        "Artikel 1234 5678 saknas.",
    ],
)
def test_order_numbers_dates_invoices_and_amounts_are_kept(redact: Analyzer, text: str) -> None:
    assert _found(redact, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Skriv till anna.svensson@example.se",
        "Skriv til jens+support@firma.dk",
        "Skriv til kari_nordmann@post.example.no",
        "Schreiben Sie an j.schmidt@beispiel.de",
        "Write to john.o'neil@example.co.uk",
        "Mejla björn@företag.se",
    ],
)
def test_email_addresses_are_redacted_in_every_language(redact: Analyzer, text: str) -> None:
    found = _found(redact, text)
    assert [kind for kind, _ in found] == ["email"]
    assert "@" in found[0][1]


def test_only_the_kinds_in_the_policy_are_redacted(policy: Policy) -> None:
    only_email = _redactor(policy, ["email"])
    result = TriageResult(input=TriageInput(text=""), text="a@b.se 070-123 45 67")
    only_email(result)
    assert result.model_text == "<EMAIL> 070-123 45 67"


def test_no_kinds_leaves_the_text_as_it_is(policy: Policy) -> None:
    nothing = _redactor(policy, [])
    result = TriageResult(input=TriageInput(text=""), text="a@b.se 070-123 45 67")
    nothing(result)
    assert result.model_text == result.text
    assert result.redactions == []


def test_an_unknown_kind_is_a_policy_error_naming_the_known_ones(policy: Policy) -> None:
    with pytest.raises(PolicyError, match=r"redact\.kinds.*passport.*known: email"):
        _redactor(policy, ["email", "passport"])


def _assert_spans_sane(result: TriageResult) -> None:
    previous_end = 0
    for redaction in result.redactions:
        assert previous_end <= redaction.start < redaction.end <= len(result.text)
        previous_end = redaction.end
    for redaction in result.redactions:
        assert redaction.placeholder in result.model_text


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_any_unicode_gives_spans_in_bounds_and_in_order(policy: Policy, text: str) -> None:
    result = TriageResult(input=TriageInput(text=text), text=text)
    registered()["redact"].factory(policy)(result)
    _assert_spans_sane(result)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.one_of(
            st.from_regex(r"[0-9]{1,12}", fullmatch=True),
            st.sampled_from([" ", "-", "+", "(", ")", ".", "/", "@", "SE", "DE89", "a", "\n", ","]),
        ),
        max_size=40,
    )
)
def test_number_shaped_junk_gives_spans_in_bounds_and_in_order(
    policy: Policy, parts: list[str]
) -> None:
    text = "".join(parts)
    result = TriageResult(input=TriageInput(text=text), text=text)
    registered()["redact"].factory(policy)(result)
    _assert_spans_sane(result)


@settings(max_examples=60, deadline=None)
@given(junk=st.binary(max_size=4000))
def test_binary_junk_decoded_as_latin1_is_redacted_without_raising(
    policy: Policy, junk: bytes
) -> None:
    text = junk.decode("latin-1")
    result = TriageResult(input=TriageInput(text=text), text=text)
    registered()["redact"].factory(policy)(result)
    _assert_spans_sane(result)


def test_empty_and_five_megabyte_texts_are_redacted(redact: Analyzer) -> None:
    assert _run(redact, "").model_text == ""
    paragraph = "Fakturan är fel och ingen svarar på mina mejl. " * 20 + "Ring 070-123 45 67. "
    big = paragraph * (5_000_000 // len(paragraph))
    result = _run(redact, big)
    assert len(result.redactions) == big.count("070-123 45 67")
    _assert_spans_sane(result)
