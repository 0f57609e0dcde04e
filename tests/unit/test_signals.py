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
        assert signal.sub != "negated"
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
        ("en", "We lost all our data after the update.", {("security", "data_loss")}),
        ("en", "Someone accessed our account last night.", {("security", "breach")}),
        ("en", "Our whole team can't work.", {("business_impact", "strong")}),
        ("en", "We are losing revenue every hour.", {("business_impact", "strong")}),
        ("en", "If this is not fixed urgently we will cancel our contract.",
         {("time_criticality", "strong"), ("escalation_risk", "cancellation")}),
        ("de", "Seit heute Morgen steht unsere Produktion still.", {("business_impact", "strong")}),
        ("de", "Ist das bis morgen nicht gelöst, wechseln wir den Anbieter.",
         {("time_criticality", "strong"), ("escalation_risk", "competitor")}),
        ("sv", "För andra gången den här månaden kan ingen logga in.",
         {("repeat_contact", "repeat"), ("business_impact", "strong")}),
        ("sv", "Jag anmäler er till ARN.", {("escalation_risk", "legal")}),
        ("da", "Efter opdateringen har vi ikke kunnet sende en eneste faktura.",
         {("business_impact", "strong")}),
        ("no", "Får jeg ikke pengene tilbake, tar jeg saken til retten.",
         {("escalation_risk", "legal")}),
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


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("en", "No data was lost, but the report looked odd for a few minutes.", "security"),
        ("en", "We are not planning to cancel, we just want to understand the new prices.",
         "escalation_risk"),
        ("en", "If we ever get hacked, what is the procedure on your side?", "security"),
        ("sv", "Vi tänker inte säga upp avtalet, vi vill bara förstå prislistan.", "escalation_risk"),
        ("sv", "Det är inte bråttom, svara när ni har tid.", "time_criticality"),
        ("da", "Tak, min adgangskode er blevet ændret, og nu virker det igen.", "security"),
        ("da", "Siden i morges har vi haft lidt problemer med udskrifterne.", "time_criticality"),
        ("no", "Ingen data gikk tapt, men rapporten så rar ut.", "security"),
        ("de", "Es ist nicht dringend, antworten Sie, wenn Sie Zeit haben.", "time_criticality"),
        ("de", "Wir haben nicht vor zu kündigen, wir möchten nur die Preise verstehen.",
         "escalation_risk"),
    ],
)  # fmt: skip
def test_negated_or_supposed_signals_are_not_raised(
    policy: Policy, language: str, text: str, kind: str
) -> None:
    assert kind not in {found_kind for found_kind, _ in _signals(policy, language, text)}


def test_negated_phrase_hides_only_the_signal_it_overlaps(policy: Policy) -> None:
    found = _signals(
        policy, "en", "It's not urgent for me, but the payroll team needs it fixed urgently."
    )
    assert ("time_criticality", "strong") in found
    assert ("escalation_risk", "cancellation") in _signals(
        policy, "en", "It's not urgent, but we will cancel our contract."
    )


def test_exact_word_form_keeps_a_name_from_matching(policy: Policy) -> None:
    assert (
        _signals(policy, "sv", "Kan ni skicka fakturakopian till Arne? Hälsningar, Arne") == set()
    )


def test_english_phrases_are_found_in_other_languages_too(policy: Policy) -> None:
    assert ("time_criticality", "strong") in _signals(
        policy, "sv", "Vi behöver svar ASAP, systemet krånglar."
    )


def test_evidence_is_a_reason_for_the_agent(policy: Policy) -> None:
    result = TriageResult(input=TriageInput(text="x"))
    result.text, result.language = "Wir kündigen den Vertrag.", "de"
    registered()["signals"].factory(policy)(result)
    assert any(r.analyzer == "signals" and "kündigen" in r.quote() for r in result.reasons)
