"""The language analyzer: sv/da/no/de/en told apart, with fallbacks when the text can't tell."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triagedesk.errors import PolicyError
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import Analyzer, registered
from triagedesk.triage.result import TriageInput, TriageResult

# Complaints we wrote ourselves, several per language, short and long.
COMPLAINTS = {
    "sv": [
        "Jag har väntat i tre veckor på min beställning och ingen svarar på mina mejl.",
        "Fakturan är fel igen, ni har dragit pengarna två gånger från mitt konto.",
        "Det här är helt oacceptabelt, systemet har legat nere sedan i morse och vi kan inte "
        "skicka ut några fakturor till våra kunder.",
        "Varför får jag aldrig något svar? Jag vill säga upp mitt avtal omedelbart.",
        "Leveransen kom fram trasig och kundtjänsten lovade att ringa tillbaka, "
        "men ingen har hört av sig.",
    ],
    "da": [
        "Jeg har ventet i tre uger på min ordre, og ingen svarer på mine mails.",
        "Fakturaen er forkert igen, I har trukket pengene to gange fra min konto.",
        "Det er helt uacceptabelt, systemet har været nede siden i morges, og vi kan ikke "
        "sende fakturaer ud til vores kunder.",
        "Hvorfor får jeg aldrig noget svar? Jeg vil opsige min aftale med det samme.",
        "Pakken kom frem i stykker, og kundeservice lovede at ringe tilbage, "
        "men ingen har hørt noget.",
    ],
    "no": [
        "Jeg har ventet i tre uker på bestillingen min, og ingen svarer på e-postene mine.",
        "Fakturaen er feil igjen, dere har trukket pengene to ganger fra kontoen min.",
        "Dette er helt uakseptabelt, systemet har vært nede siden i morges, og vi kan ikke "
        "sende ut fakturaer til kundene våre.",
        "Hvorfor får jeg aldri noe svar? Jeg vil si opp avtalen min med en gang.",
        "Eg har venta i tre veker og har ikkje fått noko svar frå dykk.",
    ],
    "de": [
        "Ich warte seit drei Wochen auf meine Bestellung und niemand antwortet auf meine E-Mails.",
        "Die Rechnung ist schon wieder falsch, Sie haben den Betrag zweimal abgebucht.",
        "Das ist völlig inakzeptabel, das System ist seit heute Morgen ausgefallen und wir können "
        "keine Rechnungen an unsere Kunden verschicken.",
    ],
    "en": [
        "I have been waiting three weeks for my order and nobody answers my emails.",
        "The invoice is wrong again, you charged my card twice this month.",
        "This is completely unacceptable, the system has been down since this morning and we "
        "cannot send any invoices to our customers.",
    ],
}
EXAMPLES = [(lang, text) for lang, texts in COMPLAINTS.items() for text in texts]


def _with(policy: Policy, **language_settings: object) -> Policy:
    return dataclasses.replace(
        policy, language=dataclasses.replace(policy.language, **language_settings)
    )


@pytest.fixture(scope="module")
def chain(policy: Policy) -> list[Analyzer]:
    return [registered()[name].factory(policy) for name in ("clean", "redact", "language")]


def _run(
    chain: list[Analyzer], text: str, customer: str | None = None, subject: str = ""
) -> TriageResult:
    result = TriageResult(input=TriageInput(text=text, subject=subject, customer_language=customer))
    for step in chain:
        step(result)
    return result


def test_language_is_registered_after_text() -> None:
    spec = registered()["language"]
    assert spec.requires == ("text",)
    assert spec.provides == ("language",)


@pytest.mark.parametrize(("language", "text"), EXAMPLES)
def test_complaints_are_detected_in_their_language(
    chain: list[Analyzer], language: str, text: str
) -> None:
    result = _run(chain, text)
    assert result.language == language
    assert result.language_source == "detected"
    assert result.language_confidence >= 0.6


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Fakturan är fel och ingen svarar."),
        ("da", "Fakturaen er forkert, og ingen svarer."),
        ("no", "Fakturaen er feil, og ingen svarer."),
        ("no", "Eg får ikkje logga inn."),
        ("da", "Hvad sker der med min pakke?"),
        ("no", "Hva skjer med pakken min?"),
        ("sv", "Vad händer med mitt paket?"),
    ],
)
def test_short_scandinavian_sentences_are_told_apart(
    chain: list[Analyzer], language: str, text: str
) -> None:
    assert _run(chain, text).language == language


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("da", "JEG ER SÅ TRÆT AF JERES ELENDIGE SERVICE, HVAD SKER DER MED MIN ORDRE?"),
        ("sv", "DET HÄR ÄR HELT OACCEPTABELT, JAG VILL HA MINA PENGAR TILLBAKA NU!"),
        ("de", "DAS IST EINE FRECHHEIT, ICH WILL SOFORT MEIN GELD ZURÜCK!"),
    ],
)
def test_all_caps_shouting_is_detected(chain: list[Analyzer], language: str, text: str) -> None:
    assert _run(chain, text).language == language


def test_english_email_with_a_swedish_signature_and_quote_is_english(chain: list[Analyzer]) -> None:
    body = (
        "Hi, the export to our accounting system has failed every night since Friday and we "
        "cannot close the month.\n\nMed vänliga hälsningar\nAnna Svensson\nEkonomichef\n\n"
        "Den 3 mars 2025 kl. 10:12 skrev Support <s@firma.se>:\n> Hej Anna, vi undersöker saken."
    )
    assert _run(chain, body).language == "en"


def test_text_full_of_placeholders_is_judged_by_its_words(chain: list[Analyzer]) -> None:
    body = (
        "anna.svensson@example.se 070-123 45 67 850709-9805 SE45 5000 0000 0583 9825 7466 "
        "Jag har inte fått tillbaka mina pengar och ingen svarar i telefon."
    )
    result = _run(chain, body)
    assert result.redactions
    assert result.language == "sv"


def test_too_short_text_uses_the_customers_language_and_says_so(chain: list[Analyzer]) -> None:
    result = _run(chain, "Hej!", customer="sv")
    assert (result.language, result.language_source) == ("sv", "customer")
    assert any(
        "too short to tell (3 letters)" in r.detail and "customer's language sv" in r.detail
        for r in result.reasons
    )


@pytest.mark.parametrize(
    ("tag", "language"), [("sv-SE", "sv"), ("nb", "no"), ("nn_NO", "no"), ("DA", "da")]
)
def test_customer_language_tags_are_mapped_to_our_codes(
    chain: list[Analyzer], tag: str, language: str
) -> None:
    assert _run(chain, "OK", customer=tag).language == language


def test_too_short_text_without_customer_language_keeps_the_detection(
    chain: list[Analyzer],
) -> None:
    result = _run(chain, "Tack för hjälpen")
    assert (result.language, result.language_source) == ("sv", "detected")
    assert any("too short to tell" in r.detail and "keeping sv" in r.detail for r in result.reasons)


@pytest.mark.parametrize("text", ["", "12345 !!! ???", "<EMAIL>", "😡😡😡"])
def test_text_without_letters_uses_the_default_language(
    chain: list[Analyzer], policy: Policy, text: str
) -> None:
    result = _run(chain, text)
    assert result.language == policy.engine.default_language
    assert result.language_source == "default"
    assert result.language_confidence == 0.0
    assert any("using the default language" in r.detail for r in result.reasons)


def test_customer_language_outside_the_policy_is_ignored(
    chain: list[Analyzer], policy: Policy
) -> None:
    result = _run(chain, "...", customer="fr")
    assert (result.language, result.language_source) == (policy.engine.default_language, "default")


def test_long_text_overrules_the_customers_language(chain: list[Analyzer]) -> None:
    result = _run(chain, COMPLAINTS["de"][0], customer="sv")
    assert (result.language, result.language_source) == ("de", "detected")


def test_unsure_detection_falls_back_to_the_customers_language(policy: Policy) -> None:
    unsure = registered()["language"].factory(_with(policy, min_confidence=0.999999, min_chars=1))
    result = TriageResult(input=TriageInput(text="", customer_language="da"), text="Det er fint.")
    unsure(result)
    assert (result.language, result.language_source) == ("da", "customer")
    assert any(r.detail.startswith("unsure (") for r in result.reasons)


def test_unsure_detection_without_customer_language_is_kept(policy: Policy) -> None:
    unsure = registered()["language"].factory(_with(policy, min_confidence=0.999999, min_chars=1))
    result = TriageResult(input=TriageInput(text=""), text="Det er fint.")
    unsure(result)
    assert result.language_source == "detected"
    assert result.language in ("da", "no")


def test_only_the_first_sample_chars_are_read(policy: Policy) -> None:
    detector = registered()["language"].factory(_with(policy, sample_chars=60))
    text = COMPLAINTS["sv"][0] + " " + " ".join(COMPLAINTS["de"]) * 3
    result = TriageResult(input=TriageInput(text=""), text=text)
    detector(result)
    assert result.language == "sv"


def test_detection_is_restricted_to_the_policys_languages(policy: Policy) -> None:
    narrow = dataclasses.replace(
        policy,
        engine=dataclasses.replace(policy.engine, languages=["sv", "en"], default_language="en"),
    )
    result = TriageResult(input=TriageInput(text=""), text=COMPLAINTS["da"][0])
    registered()["language"].factory(narrow)(result)
    assert result.language in ("sv", "en")


def test_a_language_the_detector_does_not_know_is_a_policy_error(policy: Policy) -> None:
    bad = dataclasses.replace(
        policy,
        engine=dataclasses.replace(policy.engine, languages=["sv", "xx"], default_language="sv"),
    )
    with pytest.raises(PolicyError, match=r"engine\.languages.*xx"):
        registered()["language"].factory(bad)


def test_confidences_are_probabilities(chain: list[Analyzer]) -> None:
    for _, text in EXAMPLES:
        assert 0.0 <= _run(chain, text).language_confidence <= 1.0


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(), customer=st.none() | st.sampled_from(["sv", "da", "no", "nb", "fr", "", "x-y"])
)
def test_any_unicode_gives_a_configured_language(
    chain: list[Analyzer], policy: Policy, text: str, customer: str | None
) -> None:
    result = _run(chain, text, customer=customer)
    assert result.language in policy.engine.languages
    assert 0.0 <= result.language_confidence <= 1.0
    assert result.language_source in ("detected", "customer", "default")


@settings(max_examples=60, deadline=None)
@given(junk=st.binary(max_size=4000))
def test_binary_junk_decoded_as_latin1_gives_a_configured_language(
    chain: list[Analyzer], policy: Policy, junk: bytes
) -> None:
    assert _run(chain, junk.decode("latin-1")).language in policy.engine.languages


def test_five_megabyte_text_gives_its_language(chain: list[Analyzer]) -> None:
    text = (COMPLAINTS["no"][0] + " ") * (5_000_000 // len(COMPLAINTS["no"][0]))
    assert _run(chain, text).language == "no"
