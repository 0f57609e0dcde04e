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


# The parallel check for signals: the same support situation, written the way a customer would in
# each language (not word for word), must raise the same kinds. Labels are "kind" or "kind/sub";
# the first tuple must all be raised, none of the second. docs/lexicons.md says what it found.
PARALLEL_SITUATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict[str, str]]] = {
    "invoicing_stopped": (
        ("business_impact/strong",),
        ("escalation_risk", "security", "repeat_contact"),
        {
            "en": "Since yesterday's update we cannot send any invoices at all. Our whole billing has stopped.",
            "sv": "Sedan gårdagens uppdatering kan vi inte skicka några fakturor alls. Hela faktureringen står still.",
            "da": "Efter opdateringen i går kan vi slet ikke sende fakturaer. Hele faktureringen står stille.",
            "no": "Etter oppdateringen i går kan vi ikke sende fakturaer i det hele tatt. Hele faktureringen står stille.",
            "de": "Seit dem Update gestern können wir überhaupt keine Rechnungen mehr verschicken. Die ganze Fakturierung steht still.",
        },
    ),
    "production_stopped": (
        ("business_impact/strong",),
        ("escalation_risk", "security", "repeat_contact"),
        {
            "en": "Our production line has been standing still for two hours because the machines can't reach your server.",
            "sv": "Vår produktionslinje har stått still i två timmar eftersom maskinerna inte når er server.",
            "da": "Vores produktionslinje har stået stille i to timer, fordi maskinerne ikke kan nå jeres server.",
            "no": "Produksjonslinjen vår har stått stille i to timer fordi maskinene ikke får kontakt med serveren deres.",
            "de": "Unsere Produktionslinie steht seit zwei Stunden still, weil die Maschinen Ihren Server nicht erreichen.",
        },
    ),
    "shop_down_losing_sales": (
        ("business_impact/strong",),
        ("time_criticality", "escalation_risk", "security"),
        {
            "en": "Our web shop has been down since this morning and we are losing sales every hour.",
            "sv": "Vår webbutik har legat nere sedan i morse och vi förlorar försäljning varje timme.",
            "da": "Vores webshop har været nede siden i morges, og vi mister salg hver time.",
            "no": "Nettbutikken vår har vært nede siden i morges, og vi taper salg hver time.",
            "de": "Unser Onlineshop ist seit heute Morgen nicht erreichbar und wir verlieren jede Stunde Umsatz.",
        },
    ),
    "one_user_cannot_log_in": (
        (),
        ("business_impact/strong", "escalation_risk", "security", "time_criticality"),
        {
            "en": "One of our users, Anna, can't log in since she changed her password. The rest of us are fine.",
            "sv": "En av våra användare, Anna, kan inte logga in sedan hon bytte lösenord. Vi andra kan jobba som vanligt.",
            "da": "En af vores brugere, Anna, kan ikke logge ind, efter hun har skiftet adgangskode. Vi andre kan arbejde som normalt.",
            "no": "En av brukerne våre, Anna, får ikke logget inn etter at hun byttet passord. Vi andre jobber som normalt.",
            "de": "Eine unserer Nutzerinnen, Anna, kann sich seit der Passwortänderung nicht mehr anmelden. Alle anderen können normal arbeiten.",
        },
    ),
    "some_users_error": (
        ("business_impact/moderate",),
        ("business_impact/strong", "escalation_risk", "security"),
        {
            "en": "Some of our users get an error when they export to PDF; the others can work normally.",
            "sv": "Några av våra användare får ett fel när de exporterar till PDF, de andra kan jobba som vanligt.",
            "da": "Nogle af vores brugere får en fejl, når de eksporterer til PDF; de andre kan arbejde normalt.",
            "no": "Noen av brukerne våre får en feil når de eksporterer til PDF, de andre kan jobbe som normalt.",
            "de": "Einige unserer Benutzer bekommen beim PDF-Export einen Fehler, die anderen können normal arbeiten.",
        },
    ),
    "vat_deadline_tomorrow": (
        ("time_criticality",),
        ("escalation_risk", "security", "repeat_contact"),
        {
            "en": "We have to submit the VAT return tomorrow, so we need the export fixed before then.",
            "sv": "Vi måste lämna in momsdeklarationen imorgon, så exporten måste fungera innan dess.",
            "da": "Vi skal indsende momsangivelsen i morgen, så eksporten skal virke inden da.",
            "no": "Vi må levere mva-meldingen i morgen, så eksporten må fungere før det.",
            "de": "Wir müssen morgen die Umsatzsteuervoranmeldung abgeben, deshalb muss der Export bis dahin funktionieren.",
        },
    ),
    "before_friday_payroll": (
        ("time_criticality",),
        ("escalation_risk", "security"),
        {
            "en": "Payroll runs on Friday and the salary file won't export. Please fix it before Friday.",
            "sv": "Lönekörningen är på fredag och lönefilen går inte att exportera. Snälla fixa det före fredag.",
            "da": "Lønkørslen er på fredag, og lønfilen kan ikke eksporteres. Få det venligst løst inden fredag.",
            "no": "Lønnskjøringen er på fredag, og lønnsfilen lar seg ikke eksportere. Vær så snill å fikse det før fredag.",
            "de": "Die Lohnabrechnung läuft am Freitag und die Lohndatei lässt sich nicht exportieren. Bitte beheben Sie das bis Freitag.",
        },
    ),
    "payroll_cannot_run_tomorrow": (
        ("business_impact", "time_criticality"),
        ("escalation_risk", "security"),
        {
            "en": "We can't run payroll and our staff are supposed to get paid tomorrow.",
            "sv": "Vi kan inte köra lönerna och personalen ska få lön imorgon.",
            "da": "Vi kan ikke køre lønnen, og medarbejderne skal have løn i morgen.",
            "no": "Vi får ikke kjørt lønn, og de ansatte skal ha lønn i morgen.",
            "de": "Wir können die Gehälter nicht abrechnen, und unsere Mitarbeiter sollen morgen ihr Geld bekommen.",
        },
    ),
    "cancel_contract": (
        ("escalation_risk/cancellation",),
        ("security",),
        {
            "en": "We are fed up with the constant outages and will cancel our contract.",
            "sv": "Vi är trötta på de ständiga avbrotten och kommer att säga upp avtalet.",
            "da": "Vi er trætte af de konstante nedbrud og vil opsige vores aftale.",
            "no": "Vi er lei av de stadige nedetidene og kommer til å si opp avtalen.",
            "de": "Wir haben genug von den ständigen Ausfällen und werden den Vertrag kündigen.",
        },
    ),
    "our_lawyer": (
        ("escalation_risk/legal",),
        ("security", "repeat_contact"),
        {
            "en": "I have handed the matter over to our lawyer.",
            "sv": "Jag har lämnat över ärendet till vår advokat.",
            "da": "Jeg har overdraget sagen til vores advokat.",
            "no": "Jeg har overlatt saken til advokaten vår.",
            "de": "Ich habe die Angelegenheit an unseren Anwalt übergeben.",
        },
    ),
    "trustpilot_review": (
        ("escalation_risk/public",),
        ("security",),
        {
            "en": "If nobody helps me, I'll write a review on Trustpilot and tell everyone I know.",
            "sv": "Om ingen hjälper mig skriver jag en recension på Trustpilot och berättar för alla jag känner.",
            "da": "Hvis ingen hjælper mig, skriver jeg en anmeldelse på Trustpilot og fortæller det til alle, jeg kender.",
            "no": "Hvis ingen hjelper meg, skriver jeg en anmeldelse på Trustpilot og forteller det til alle jeg kjenner.",
            "de": "Wenn mir niemand hilft, schreibe ich eine Bewertung auf Trustpilot und erzähle es allen, die ich kenne.",
        },
    ),
    "tell_everyone": (
        ("escalation_risk/public",),
        ("security",),
        {
            "en": "I will tell everyone in our industry how you treat your customers.",
            "sv": "Jag kommer att berätta för alla i branschen hur ni behandlar era kunder.",
            "da": "Jeg vil fortælle alle i branchen, hvordan I behandler jeres kunder.",
            "no": "Jeg skal fortelle alle i bransjen hvordan dere behandler kundene deres.",
            "de": "Ich werde allen in der Branche erzählen, wie Sie mit Ihren Kunden umgehen.",
        },
    ),
    "looking_at_other_providers": (
        ("escalation_risk/competitor",),
        ("security",),
        {
            "en": "We have started looking at other providers.",
            "sv": "Vi har börjat titta på andra leverantörer.",
            "da": "Vi er begyndt at kigge på andre leverandører.",
            "no": "Vi har begynt å se på andre leverandører.",
            "de": "Wir schauen uns inzwischen nach anderen Anbietern um.",
        },
    ),
    "competitor_offer": (
        ("escalation_risk/competitor",),
        ("security",),
        {
            "en": "Your competitor Visma has offered us the same service for half the price.",
            "sv": "Er konkurrent Visma har erbjudit oss samma tjänst till halva priset.",
            "da": "Jeres konkurrent Visma har tilbudt os den samme service til den halve pris.",
            "no": "Konkurrenten deres, Visma, har tilbudt oss samme tjeneste til halv pris.",
            "de": "Ihr Konkurrent Visma hat uns denselben Service zum halben Preis angeboten.",
        },
    ),
    "third_time_writing": (
        ("repeat_contact",),
        ("security",),
        {
            "en": "This is the third time I'm writing to you about this invoice.",
            "sv": "Det här är tredje gången jag skriver till er om den här fakturan.",
            "da": "Det er tredje gang, jeg skriver til jer om denne faktura.",
            "no": "Dette er tredje gang jeg skriver til dere om denne fakturaen.",
            "de": "Ich schreibe Ihnen jetzt zum dritten Mal wegen dieser Rechnung.",
        },
    ),
    "called_twice": (
        ("repeat_contact",),
        ("security", "time_criticality"),
        {
            "en": "I already called twice last week and was promised a call back.",
            "sv": "Jag har redan ringt två gånger förra veckan och blev lovad att bli uppringd.",
            "da": "Jeg har allerede ringet to gange i sidste uge og fik lovning på at blive ringet op.",
            "no": "Jeg har allerede ringt to ganger forrige uke og ble lovet å bli ringt opp.",
            "de": "Ich habe letzte Woche schon zweimal angerufen, und man hat mir einen Rückruf versprochen.",
        },
    ),
    "several_emails_no_answer": (
        ("repeat_contact",),
        ("security",),
        {
            "en": "I have sent you several emails and still haven't received an answer.",
            "sv": "Jag har skickat flera mejl till er och har fortfarande inte fått något svar.",
            "da": "Jeg har sendt jer flere mails og har stadig ikke fået noget svar.",
            "no": "Jeg har sendt dere flere e-poster og har fortsatt ikke fått noe svar.",
            "de": "Ich habe Ihnen mehrere E-Mails geschickt und immer noch keine Antwort bekommen.",
        },
    ),
    "someone_elses_data": (
        ("security/breach",),
        ("escalation_risk",),
        {
            "en": "When I log in, I see another customer's invoices and address in my account.",
            "sv": "När jag loggar in ser jag en annan kunds fakturor och adress på mitt konto.",
            "da": "Når jeg logger ind, kan jeg se en anden kundes fakturaer og adresse på min konto.",
            "no": "Når jeg logger inn, ser jeg en annen kundes fakturaer og adresse på kontoen min.",
            "de": "Wenn ich mich anmelde, sehe ich in meinem Konto die Rechnungen und die Adresse eines anderen Kunden.",
        },
    ),
    "customer_data_exposed": (
        ("security/breach",),
        (),
        {
            "en": "Our customer data was exposed: the export link could be opened by anyone without logging in.",
            "sv": "Våra kunduppgifter har exponerats: exportlänken kunde öppnas av vem som helst utan inloggning.",
            "da": "Vores kundedata er blevet eksponeret: eksportlinket kunne åbnes af alle uden login.",
            "no": "Kundedataene våre har blitt eksponert: eksportlenken kunne åpnes av hvem som helst uten innlogging.",
            "de": "Unsere Kundendaten waren öffentlich zugänglich: Der Exportlink ließ sich von jedem ohne Anmeldung öffnen.",
        },
    ),
    "lost_all_files": (
        ("security/data_loss",),
        ("escalation_risk",),
        {
            "en": "After the sync last night we lost all our files.",
            "sv": "Efter synkroniseringen i natt har vi förlorat alla våra filer.",
            "da": "Efter synkroniseringen i nat har vi mistet alle vores filer.",
            "no": "Etter synkroniseringen i natt har vi mistet alle filene våre.",
            "de": "Nach der Synchronisierung heute Nacht sind alle unsere Dateien weg.",
        },
    ),
    "records_disappeared": (
        ("security/data_loss",),
        ("escalation_risk",),
        {
            "en": "All our customer records have disappeared from the system.",
            "sv": "Alla våra kundposter har försvunnit ur systemet.",
            "da": "Alle vores kundekort er forsvundet fra systemet.",
            "no": "Alle kundekortene våre har forsvunnet fra systemet.",
            "de": "Alle unsere Kundendatensätze sind aus dem System verschwunden.",
        },
    ),
    "account_hacked": (
        ("security/breach",),
        ("escalation_risk",),
        {
            "en": "I think our account has been hacked, there are logins from Russia we don't recognise.",
            "sv": "Jag tror att vårt konto har blivit hackat, det finns inloggningar från Ryssland som vi inte känner igen.",
            "da": "Jeg tror, vores konto er blevet hacket, der er logins fra Rusland, som vi ikke kender.",
            "no": "Jeg tror kontoen vår er hacket, det er innlogginger fra Russland som vi ikke kjenner igjen.",
            "de": "Ich glaube, unser Konto wurde gehackt, es gibt Anmeldungen aus Russland, die wir nicht kennen.",
        },
    ),
    "howto_add_user": (
        (),
        ("business_impact", "time_criticality", "escalation_risk", "repeat_contact", "security"),
        {
            "en": "How do I add a new user to our account?",
            "sv": "Hur lägger jag till en ny användare på vårt konto?",
            "da": "Hvordan tilføjer jeg en ny bruger til vores konto?",
            "no": "Hvordan legger jeg til en ny bruker på kontoen vår?",
            "de": "Wie kann ich unserem Konto einen neuen Benutzer hinzufügen?",
        },
    ),
    "howto_due_date": (
        (),
        ("business_impact", "time_criticality", "escalation_risk", "repeat_contact", "security"),
        {
            "en": "Can I change the due date on an invoice I have already sent?",
            "sv": "Kan jag ändra förfallodatumet på en faktura som redan är skickad?",
            "da": "Kan jeg ændre forfaldsdatoen på en faktura, der allerede er sendt?",
            "no": "Kan jeg endre forfallsdatoen på en faktura som allerede er sendt?",
            "de": "Kann ich das Fälligkeitsdatum einer bereits versendeten Rechnung ändern?",
        },
    ),
    "polite_invoice_copy": (
        (),
        ("business_impact", "time_criticality", "escalation_risk", "repeat_contact", "security"),
        {
            "en": "Could you please send me a copy of invoice 4711? Thanks in advance.",
            "sv": "Kan ni skicka en kopia av faktura 4711? Tack på förhand.",
            "da": "Vil I sende mig en kopi af faktura 4711? På forhånd tak.",
            "no": "Kan dere sende meg en kopi av faktura 4711? Takk på forhånd.",
            "de": "Könnten Sie mir bitte eine Kopie der Rechnung 4711 schicken? Vielen Dank im Voraus.",
        },
    ),
    "polite_address_update": (
        (),
        ("business_impact", "time_criticality", "escalation_risk", "repeat_contact", "security"),
        {
            "en": "Please update our billing address when you get a chance. We moved last month.",
            "sv": "Uppdatera gärna vår fakturaadress när ni hinner. Vi flyttade förra månaden.",
            "da": "Opdater gerne vores fakturaadresse, når I får tid. Vi flyttede i sidste måned.",
            "no": "Oppdater gjerne fakturaadressen vår når dere får tid. Vi flyttet forrige måned.",
            "de": "Bitte aktualisieren Sie bei Gelegenheit unsere Rechnungsadresse. Wir sind letzten Monat umgezogen.",
        },
    ),
    "not_urgent": (
        (),
        ("time_criticality", "escalation_risk", "security"),
        {
            "en": "It's not urgent, but when you have time could you look at why the report is slow?",
            "sv": "Det är inte bråttom, men när ni har tid kan ni titta på varför rapporten är långsam?",
            "da": "Det haster ikke, men når I har tid, kan I så se på, hvorfor rapporten er langsom?",
            "no": "Det haster ikke, men når dere har tid, kan dere se på hvorfor rapporten er treg?",
            "de": "Es eilt nicht, aber könnten Sie sich bei Gelegenheit ansehen, warum der Bericht so langsam ist?",
        },
    ),
    "no_need_to_cancel": (
        (),
        ("escalation_risk", "security"),
        {
            "en": "No need to cancel anything, we just want to downgrade to the smaller plan.",
            "sv": "Vi behöver inte säga upp något, vi vill bara byta till det mindre paketet.",
            "da": "Vi vil ikke opsige noget, vi vil bare skifte til den mindre pakke.",
            "no": "Vi skal ikke si opp noe, vi vil bare bytte til den mindre pakken.",
            "de": "Wir wollen nichts kündigen, wir möchten nur in das kleinere Paket wechseln.",
        },
    ),
    "nothing_lost": (
        (),
        ("security", "escalation_risk"),
        {
            "en": "The app crashed while I was editing, but nothing was lost.",
            "sv": "Appen kraschade medan jag redigerade, men inget gick förlorat.",
            "da": "Appen gik ned, mens jeg redigerede, men intet gik tabt.",
            "no": "Appen krasjet mens jeg redigerte, men ingenting gikk tapt.",
            "de": "Die App ist beim Bearbeiten abgestürzt, aber es ist nichts verloren gegangen.",
        },
    ),
    "if_ever_hacked": (
        (),
        ("security", "escalation_risk"),
        {
            "en": "What happens to our data if your servers are ever hacked? Do you keep backups?",
            "sv": "Vad händer med vår data om era servrar någon gång blir hackade? Har ni backup?",
            "da": "Hvad sker der med vores data, hvis jeres servere en dag bliver hacket? Har I backup?",
            "no": "Hva skjer med dataene våre hvis serverne deres noen gang blir hacket? Har dere backup?",
            "de": "Was passiert mit unseren Daten, falls Ihre Server einmal gehackt werden? Haben Sie Backups?",
        },
    ),
    "no_plans_to_switch": (
        (),
        ("escalation_risk", "security"),
        {
            "en": "We are very happy with you and have no plans to switch providers. We only have a question about the API.",
            "sv": "Vi är mycket nöjda med er och har inga planer på att byta leverantör. Vi har bara en fråga om API:et.",
            "da": "Vi er meget glade for jer og har ingen planer om at skifte leverandør. Vi har bare et spørgsmål om API'et.",
            "no": "Vi er veldig fornøyde med dere og har ingen planer om å bytte leverandør. Vi har bare et spørsmål om API-et.",
            "de": "Wir sind sehr zufrieden mit Ihnen und haben nicht vor, den Anbieter zu wechseln. Wir haben nur eine Frage zur API.",
        },
    ),
    "employee_resigned": (
        (),
        ("escalation_risk", "security"),
        {
            "en": "One of our employees has resigned. How do I deactivate her user?",
            "sv": "En av våra anställda har sagt upp sig. Hur inaktiverar jag hennes användare?",
            "da": "En af vores medarbejdere har sagt op. Hvordan deaktiverer jeg hendes bruger?",
            "no": "En av våre ansatte har sagt opp. Hvordan deaktiverer jeg brukeren hennes?",
            "de": "Eine Mitarbeiterin hat gekündigt. Wie deaktiviere ich ihren Benutzer?",
        },
    ),
    "charged_twice": (
        (),
        ("repeat_contact", "security", "escalation_risk"),
        {
            "en": "We were charged twice for the same invoice. Could you refund one of the payments?",
            "sv": "Vi har blivit debiterade två gånger för samma faktura. Kan ni betala tillbaka den ena?",
            "da": "Vi er blevet trukket to gange for den samme faktura. Kan I refundere den ene betaling?",
            "no": "Vi har blitt trukket to ganger for den samme fakturaen. Kan dere refundere den ene betalingen?",
            "de": "Uns wurde dieselbe Rechnung zweimal abgebucht. Können Sie eine der Zahlungen erstatten?",
        },
    ),
    "slow_this_morning_fine_now": (
        (),
        ("time_criticality", "repeat_contact", "business_impact", "escalation_risk", "security"),
        {
            "en": "The report was slow this morning, but now it works fine. Just letting you know.",
            "sv": "Rapporten var långsam i morse, men nu fungerar den bra. Ville bara meddela er.",
            "da": "Rapporten var langsom i morges, men nu virker den fint. Bare så I ved det.",
            "no": "Rapporten var treg i morges, men nå fungerer den fint. Bare så dere vet det.",
            "de": "Der Bericht war heute Morgen langsam, jetzt funktioniert er wieder gut. Nur zur Info.",
        },
    ),
    "call_me_tomorrow_price_list": (
        (),
        ("time_criticality", "escalation_risk", "security"),
        {
            "en": "Could you call me tomorrow about the new price list?",
            "sv": "Kan ni ringa mig i morgon om den nya prislistan?",
            "da": "Vil I ringe til mig i morgen angående den nye prisliste?",
            "no": "Kan dere ringe meg i morgen angående den nye prislisten?",
            "de": "Könnten Sie mich morgen wegen der neuen Preisliste anrufen?",
        },
    ),
    "manual_hour_a_day": (
        ("business_impact/moderate",),
        ("business_impact/strong", "escalation_risk", "security"),
        {
            "en": "Since the import broke we have to enter the orders by hand, which costs us an hour every day.",
            "sv": "Sedan importen slutade fungera måste vi lägga in ordrarna för hand, det kostar oss en timme varje dag.",
            "da": "Siden importen holdt op med at virke, skal vi taste ordrerne ind i hånden, og det koster os en time hver dag.",
            "no": "Etter at importen sluttet å virke, må vi legge inn ordrene for hånd, og det koster oss en time hver dag.",
            "de": "Seit der Import nicht mehr geht, müssen wir die Bestellungen von Hand eingeben, das kostet uns jeden Tag eine Stunde.",
        },
    ),
    "consumer_authority": (
        ("escalation_risk/legal",),
        ("security",),
        {
            "en": "If I don't get my money back, I will report you to the consumer protection authorities.",
            "sv": "Får jag inte tillbaka mina pengar anmäler jag er till Konsumentverket.",
            "da": "Hvis jeg ikke får mine penge tilbage, klager jeg til Forbrugerklagenævnet.",
            "no": "Får jeg ikke pengene mine tilbake, klager jeg til Forbrukerrådet.",
            "de": "Wenn ich mein Geld nicht zurückbekomme, wende ich mich an die Verbraucherzentrale.",
        },
    ),
}


def _raised(found: set[tuple[str, str]], label: str) -> bool:
    kind, _, sub = label.partition("/")
    return any(k == kind and sub in ("", s) for k, s in found)


@pytest.mark.parametrize(
    ("language", "text", "expected", "forbidden"),
    [
        pytest.param(language, text, expected, forbidden, id=f"{situation}-{language}")
        for situation, (expected, forbidden, texts) in PARALLEL_SITUATIONS.items()
        for language, text in texts.items()
    ],
)
def test_the_same_situation_raises_the_same_signals_in_every_language(
    policy: Policy, language: str, text: str, expected: tuple[str, ...], forbidden: tuple[str, ...]
) -> None:
    found = _signals(policy, language, text)
    assert [label for label in expected if not _raised(found, label)] == []
    assert [label for label in forbidden if _raised(found, label)] == []


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("en", "Thanks, I'll test it tomorrow and let you know.", "time_criticality"),
        ("en", "See you tomorrow at the training.", "time_criticality"),
        ("de", "Guten Morgen, wie exportiere ich den Bericht?", "time_criticality"),
        ("de", "Seit heute Morgen ist die Kasse langsam.", "time_criticality"),
        ("de", "Ich teste das morgen und melde mich.", "time_criticality"),
        ("en", "Where is the customer data exposed in the export settings?", "security"),
        ("sv", "Hur exponerar jag data via API:et?", "security"),
        ("no", "Hvor mye blir vi eksponert for hvis prisen stiger?", "security"),
        ("de", "Die Datenschutzerklärung ist öffentlich zugänglich.", "security"),
        ("de", "Im Vergleich zu anderen Anbietern sind Sie günstig.", "escalation_risk"),
    ],
)  # fmt: skip
def test_words_near_the_parallel_check_phrases_raise_nothing(
    policy: Policy, language: str, text: str, kind: str
) -> None:
    assert kind not in {found_kind for found_kind, _ in _signals(policy, language, text)}
