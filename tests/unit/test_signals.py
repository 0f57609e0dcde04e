import pytest

from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import registered
from triagedesk.triage.result import TriageInput, TriageResult


def _signals(policy: Policy, language: str, text: str) -> set[tuple[str, str]]:
    result = TriageResult(input=TriageInput(text=text))
    result.text, result.language = text, language
    registered()["signals"].factory(policy)(result)
    for signal in result.signals:
        assert text[signal.evidence.start : signal.evidence.end] == signal.evidence.text
    return {(s.kind, s.sub) for s in result.signals}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("sv", "Den nya versionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka ut fakturor.",
         {("business_impact", "strong")}),
        ("sv", "Om inte detta fungerar imorgon måste vi se oss om efter alternativ.",
         {("time_criticality", "strong"), ("escalation_risk", "competitor")}),
        ("sv", "Det här är tredje gången jag skriver. Vi anmäler er till ARN.",
         {("repeat_contact", "repeat"), ("escalation_risk", "legal")}),
        ("da", "Vi kan ikke sende fakturaer ud, og det haster. Ellers opsiger vi aftalen.",
         {("business_impact", "strong"), ("escalation_risk", "cancellation")}),
        ("no", "Hele nettbutikken vår er nede og vi taper salg. Dette er tredje gang denne måneden!",
         {("business_impact", "strong"), ("repeat_contact", "repeat")}),
        ("no", "Ring meg umiddelbart, ellers sier vi opp avtalen.",
         {("time_criticality", "strong"), ("escalation_risk", "cancellation")}),
        ("de", "Ich erwarte eine Erstattung bis Freitag, andernfalls schalte ich unseren Anwalt ein.",
         {("time_criticality", "moderate"), ("escalation_risk", "legal")}),
        ("de", "Wir brauchen sofort eine Lösung, sonst kündigen wir den Vertrag.",
         {("time_criticality", "strong"), ("escalation_risk", "cancellation")}),
        ("en", "Someone hacked our account. Fix this today or we will post about it on Twitter.",
         {("security", "breach"), ("escalation_risk", "public")}),
        ("en", "Production has stopped and we are losing money every hour. This is urgent.",
         {("business_impact", "strong"), ("time_criticality", "strong")}),
    ],
)  # fmt: skip
def test_signals_are_found_in_every_language(
    policy: Policy, language: str, text: str, expected: set
) -> None:
    assert expected <= _signals(policy, language, text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Hej, hur exporterar jag månadsrapporten till Excel? Tack!"),
        ("da", "Hvordan ændrer jeg min adgangskode?"),
        ("no", "Hvordan endrer jeg passordet mitt?"),
        ("de", "Wie kann ich den Monatsbericht nach Excel exportieren? Vielen Dank!"),
        ("en", "Hi team, is there a way to export the monthly report to Excel? Thanks a lot!"),
    ],
)
def test_plain_questions_raise_no_signals(policy: Policy, language: str, text: str) -> None:
    assert _signals(policy, language, text) == set()


def test_english_phrases_are_found_in_other_languages_too(policy: Policy) -> None:
    assert ("time_criticality", "strong") in _signals(
        policy, "sv", "Vi behöver svar ASAP, systemet krånglar."
    )


def test_evidence_is_a_reason_for_the_agent(policy: Policy) -> None:
    result = TriageResult(input=TriageInput(text="x"))
    result.text, result.language = "Wir kündigen den Vertrag.", "de"
    registered()["signals"].factory(policy)(result)
    assert any(r.analyzer == "signals" and "kündigen" in r.quote() for r in result.reasons)
