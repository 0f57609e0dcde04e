"""The sentiment analyzer: labels, intensity, negation, evidence and bounds in every language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from triagedesk.triage import wordlists
from triagedesk.triage.analyzers.sentiment import SentimentScorer, SentimentSettings
from triagedesk.triage.policy import Policy
from triagedesk.triage.registry import registered
from triagedesk.triage.result import Sentiment, TriageInput, TriageResult

LANGUAGES = ("sv", "da", "no", "de", "en")


def _result(policy: Policy, language: str | None, text: str) -> TriageResult:
    result = TriageResult(input=TriageInput(text=text))
    result.text, result.language = text, language
    registered()["sentiment"].factory(policy)(result)
    return result


def _sentiment(policy: Policy, language: str | None, text: str) -> Sentiment:
    sentiment = _result(policy, language, text).sentiment
    assert sentiment is not None
    return sentiment


@pytest.mark.parametrize(
    ("language", "text", "label"),
    [
        ("sv", "Det här är helt oacceptabelt, ni har förstört vår vecka.", "very_negative"),
        ("sv", "Leveransen var lite försenad.", "negative"),
        ("sv", "Hej, hur ändrar jag min adress?", "neutral"),
        ("sv", "Tack så mycket för hjälpen, nu fungerar allt perfekt!", "positive"),
        ("da", "Det er fuldstændig uacceptabelt og en skandale.", "very_negative"),
        ("da", "Jeg er lidt skuffet over leveringen.", "negative"),
        ("da", "Hvordan ændrer jeg min adgangskode?", "neutral"),
        ("da", "Tusind tak for hjælpen, nu virker alt perfekt!", "positive"),
        ("no", "Dette er helt uakseptabelt, en skandale.", "very_negative"),
        ("no", "Jeg er litt skuffet over leveransen.", "negative"),
        ("no", "Hvordan endrer jeg passordet mitt?", "neutral"),
        ("no", "Tusen takk for hjelpen, nå fungerer alt perfekt!", "positive"),
        ("de", "Das ist absolut inakzeptabel und eine Frechheit.", "very_negative"),
        ("de", "Ich bin etwas enttäuscht von der Lieferung.", "negative"),
        ("de", "Wie ändere ich mein Passwort?", "neutral"),
        ("de", "Vielen Dank für die Hilfe, jetzt funktioniert alles perfekt!", "positive"),
        ("en", "This is completely unacceptable and a disgrace.", "very_negative"),
        ("en", "I am a bit disappointed with the delivery.", "negative"),
        ("en", "How do I change my password?", "neutral"),
        ("en", "Thank you so much for the help, everything works perfectly now!", "positive"),
    ],
)
def test_each_language_gets_the_expected_label(
    policy: Policy, language: str, text: str, label: str
) -> None:
    assert _sentiment(policy, language, text).label == label


@pytest.mark.parametrize(
    ("language", "furious", "mild"),
    [
        ("sv", "Det här är oacceptabelt, tredje gången!!!", "lite besviken"),
        ("da", "Det her er uacceptabelt, tredje gang!!!", "lidt skuffet"),
        ("no", "Dette er uakseptabelt, tredje gang!!!", "litt skuffet"),
        ("de", "Das ist inakzeptabel, schon das dritte Mal!!!", "etwas enttäuscht"),
        ("en", "This is unacceptable, third time!!!", "a bit disappointed"),
    ],
)
def test_fury_scores_far_lower_than_mild_disappointment(
    policy: Policy, language: str, furious: str, mild: str
) -> None:
    strong, weak = _sentiment(policy, language, furious), _sentiment(policy, language, mild)
    assert strong.label == "very_negative"
    assert weak.label == "negative"
    assert strong.score <= weak.score - 0.4


@pytest.mark.parametrize(
    ("language", "plain", "boosted", "softened", "negated"),
    [
        ("sv", "Jag är nöjd.", "Jag är mycket nöjd.", "Jag är ganska nöjd.", "Jag är inte nöjd."),
        ("da", "Jeg er tilfreds.", "Jeg er meget tilfreds.", "Jeg er lidt tilfreds.",
         "Jeg er ikke tilfreds."),
        ("no", "Jeg er fornøyd.", "Jeg er veldig fornøyd.", "Jeg er ganske fornøyd.",
         "Jeg er ikke fornøyd."),
        ("de", "Ich bin zufrieden.", "Ich bin sehr zufrieden.", "Ich bin etwas zufrieden.",
         "Ich bin nicht zufrieden."),
        ("en", "I am happy.", "I am very happy.", "I am somewhat happy.", "I am not happy."),
    ],
)  # fmt: skip
def test_boosters_dampeners_and_negation_order_the_scores(
    policy: Policy, language: str, plain: str, boosted: str, softened: str, negated: str
) -> None:
    score = {
        text: _sentiment(policy, language, text).score
        for text in (plain, boosted, softened, negated)
    }
    assert score[boosted] > score[plain] > score[softened] > 0 > score[negated]
    assert _sentiment(policy, language, negated).label in ("negative", "very_negative")


def test_shouting_and_exclamations_make_a_complaint_more_intense(policy: Policy) -> None:
    calm = _sentiment(policy, "sv", "Det här är oacceptabelt.").score
    assert _sentiment(policy, "sv", "Det här är OACCEPTABELT.").score < calm
    assert _sentiment(policy, "sv", "Det här är oacceptabelt!!!").score < calm


@pytest.mark.parametrize(
    ("language", "first", "again"),
    [
        ("sv", "Jag är besviken.", "Jag är besviken, det är tredje gången jag skriver!"),
        ("en", "I am disappointed.", "I am disappointed, this is the third time I write!"),
    ],
)
def test_repeat_contact_deepens_a_negative_score(
    policy: Policy, language: str, first: str, again: str
) -> None:
    assert _sentiment(policy, language, again).score < _sentiment(policy, language, first).score


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Jag har inte fått något svar."),
        ("da", "Pakken er ikke kommet, og ingen svarer på mail!"),
        ("no", "Jeg har ikke fått svar."),
    ],
)
def test_a_complaint_about_something_missing_is_negative(
    policy: Policy, language: str, text: str
) -> None:
    assert _sentiment(policy, language, text).label in ("negative", "very_negative")


def test_every_negation_without_a_sentiment_word_counts(policy: Policy) -> None:
    # "kan inte" is a phrase of its own; the later "har inte kommit" must still count.
    one = _sentiment(policy, "sv", "Vi kan inte logga in.").score
    two = _sentiment(policy, "sv", "Vi kan inte logga in och fakturan har inte kommit.").score
    assert two < one < 0


def test_an_earlier_negator_does_not_flip_a_cue_that_carries_its_own(policy: Policy) -> None:
    # "ingen svarar" is negative already; "inte" three words before must not turn it positive.
    sentiment = _sentiment(policy, "sv", "Paketet har inte kommit och ingen svarar.")
    assert sentiment.label == "very_negative"


def test_the_worked_example_is_very_negative(policy: Policy) -> None:
    text = (
        "Den nya programversionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka "
        "ut fakturor. Om inte detta fungerar imorgon måste vi se oss om efter alternativ."
    )
    assert _sentiment(policy, "sv", text).label == "very_negative"


def test_evidence_quotes_the_words_that_drove_the_score(policy: Policy) -> None:
    text = "Hej. Det här är helt oacceptabelt och ni är värdelösa!"
    result = _result(policy, "sv", text)
    assert result.sentiment is not None
    quoted = [e.text.lower() for e in result.sentiment.evidence]
    assert "oacceptabelt" in quoted and any(q.startswith("värdelös") for q in quoted)
    for evidence in result.sentiment.evidence:
        assert text[evidence.start : evidence.end] == evidence.text
    reason = next(r for r in result.reasons if r.analyzer == "sentiment")
    assert "oacceptabelt" in reason.detail and reason.points == 0.0


def test_evidence_offsets_hold_after_characters_that_change_length_when_lowercased(
    policy: Policy,
) -> None:
    text = "İİİ Das ist eine Katastrophe."
    evidence = _sentiment(policy, "de", text).evidence
    assert [text[e.start : e.end] for e in evidence] == [e.text for e in evidence]
    assert evidence and evidence[0].text == "Katastrophe"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "!!!",
        "?!?!",
        "SKANDAL! " * 500,
        "Fantastiskt, underbart, perfekt! " * 300,
        "inte " * 1000,
        "\x00\ufffd🙂😡" * 50,
        "oacceptabelt " * 5000,
    ],
)
def test_scores_stay_within_bounds(policy: Policy, text: str) -> None:
    for language in (*LANGUAGES, "fi", None):
        sentiment = _sentiment(policy, language, text)
        assert -1.0 <= sentiment.score <= 1.0
        assert sentiment.label in ("very_negative", "negative", "neutral", "positive")


def test_text_without_sentiment_words_is_exactly_neutral(policy: Policy) -> None:
    sentiment = _sentiment(policy, "en", "Please send the invoice to the accounts department.")
    assert sentiment.score == 0.0 and sentiment.label == "neutral" and sentiment.evidence == []


def test_a_language_without_word_lists_still_reads_emoticons(policy: Policy) -> None:
    assert _sentiment(policy, "fi", "Tämä ei toimi :(").label in ("negative", "very_negative")
    assert _sentiment(policy, None, "Kiitos :)").label == "positive"


def test_a_form_the_published_list_names_beats_a_cue_that_only_shares_its_stem(
    policy: Policy,
) -> None:
    # The Danish cues pin the polite "venligst" (please) to 0; "venlig" (kind) keeps its valence.
    assert _sentiment(policy, "da", "Send venligst fakturaen.").label == "neutral"
    assert _sentiment(policy, "da", "Hun var meget venlig.").label == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "Jeg vil gerne betale fakturaen.",  # AFINN-da: "betale" -1
        "Jeg har glemt min adgangskode.",  # "glemt" -1
        "Er varen dækket af garanti?",  # "garanti" +1
        "Jeg kan oplyse kundenummeret.",  # "oplyse" (to inform) +2
        "Vi er gift og har en fælles konto.",  # "gift" (married, or poison) -2
        "Præcis hvilke krav stiller I til kodeordet?",  # "præcis" +2, "krav" -1
        "Det kan jeg godt forstå.",  # the particle "godt", not "good"
    ],
)
def test_danish_words_the_published_list_misreads_are_neutral(policy: Policy, text: str) -> None:
    sentiment = _sentiment(policy, "da", text)
    assert sentiment.label == "neutral" and sentiment.evidence == []


def test_a_sign_the_danish_translation_got_wrong_is_corrected(policy: Policy) -> None:
    # AFINN-da scores "lyve" (to lie) +3 and "ophidset" (agitated) +3.
    assert _sentiment(policy, "da", "I lyve om leveringen.").label in ("negative", "very_negative")
    assert _sentiment(policy, "da", "Kunden var ophidset.").label in ("negative", "very_negative")


@pytest.mark.parametrize("text", ["Dere lyver om leveringstiden.", "Dere løy til oss om prisen."])
def test_norwegian_reads_the_danish_list_with_its_signs_corrected(
    policy: Policy, text: str
) -> None:
    assert _sentiment(policy, "no", text).label in ("negative", "very_negative")


def test_danish_strengthening_adverbs_strengthen(policy: Policy) -> None:
    bad = _sentiment(policy, "da", "Det var dårligt.").score
    assert _sentiment(policy, "da", "Det var rigtig dårligt.").score < bad < 0
    good = _sentiment(policy, "da", "Det var godt.").score
    assert _sentiment(policy, "da", "Det var skide godt.").score > good > 0


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("da", "Hvis ikke det er muligt, så send den med posten."),  # a condition, no complaint
        ("da", "Det gælder ikke mindst vores afdeling i Aarhus."),  # "not least"
        ("da", "Prisen for ikke-medlemmer står på siden."),  # a compound, no negation
        ("sv", "Priset för icke-medlemmar står på sidan."),
    ],
)
def test_a_negator_that_negates_nothing_is_not_a_complaint(
    policy: Policy, language: str, text: str
) -> None:
    sentiment = _sentiment(policy, language, text)
    assert sentiment.label == "neutral" and sentiment.evidence == []


def test_a_hyphen_elsewhere_leaves_the_negation_alone(policy: Policy) -> None:
    assert _sentiment(policy, "da", "Det virker ikke - igen.").label in (
        "negative",
        "very_negative",
    )
    assert _sentiment(policy, "da", "Login-siden virker ikke.").label in (
        "negative",
        "very_negative",
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("no", "Når kommer pakken? Vi må ha den nå."),  # not the Danish "reach" and laughter
        ("no", "Kan dere sende fakturaen på nytt?"),  # "nytt" shares a stem with "nyttig"
        ("sv", "Får vi lov att vänta med betalningen?"),  # the Swedish VADER list's "lov"
    ],
)
def test_everyday_words_are_not_read_as_sentiment(policy: Policy, language: str, text: str) -> None:
    assert _sentiment(policy, language, text).label == "neutral"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("no", "Jeg lurer på om dere har tofaktorinnlogging."),  # "I wonder", not "trick"
        ("no", "Kan dere komme hit på tirsdag?"),  # "here"; the Danish list reads "a hit"
        ("de", "Wie gebe ich Kollegen Freigaberechte, ohne dass sie Stammdaten ändern können?"),
    ],
)
def test_neutral_questions_with_words_the_lists_misread_stay_neutral(
    policy: Policy, language: str, text: str
) -> None:
    sentiment = _sentiment(policy, language, text)
    assert sentiment.label == "neutral"
    assert sentiment.evidence == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We were charged twice for the March invoice. Please fix it immediately."),
        ("sv", "Fakturan för mars har dragits två gånger. Rätta det omgående."),
        ("da", "Fakturaen for marts er trukket to gange. Ret det straks."),
        ("no", "Fakturaen for mars er trukket to ganger. Rett det med en gang."),
        ("de", "Die Rechnung vom März wurde doppelt abgebucht. Korrigieren Sie das umgehend."),
    ],
)
def test_a_payment_taken_twice_reads_negative_in_every_language(
    policy: Policy, language: str, text: str
) -> None:
    # The Swedish VADER list scored "rätta" (correct it) and "omgående" (at once) positive.
    sentiment = _sentiment(policy, language, text)
    assert sentiment.label in {"negative", "very_negative"}
    assert len(sentiment.evidence) == 1


def test_the_zero_cues_leave_the_complaints_around_them_negative(policy: Policy) -> None:
    assert _sentiment(policy, "no", "Dere har lurt oss.").label in {"negative", "very_negative"}
    assert _sentiment(policy, "no", "Pakken har aldri kommet hit.").score < 0
    price = "Die Gebühr wurde um 15 % erhöht, ohne dass wir informiert wurden."
    assert _sentiment(policy, "de", price).score < 0


def test_policy_thresholds_decide_the_label(policy: Policy) -> None:
    text = "Leveransen var lite försenad."
    assert _sentiment(policy, "sv", text).label == "negative"
    lenient = dataclasses.replace(
        policy, sentiment=dataclasses.replace(policy.sentiment, negative_below=-0.9)
    )
    assert _sentiment(lenient, "sv", text).label == "neutral"


def test_thresholds_label_the_score_bands() -> None:
    settings = SentimentSettings(very_negative_below=-0.5, negative_below=-0.1, positive_above=0.25)
    scorer = SentimentScorer(settings)
    assert [scorer.label(x) for x in (-0.9, -0.3, 0.0, 0.25, 0.6)] == [
        "very_negative",
        "negative",
        "neutral",
        "neutral",
        "positive",
    ]


def test_the_english_vader_lexicon_is_not_taken_for_the_swedish_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "vader_lexicon.txt").write_text("good\t1.9\t0.9\t[]\nbad\t-2.5\t0.5\t[]\n")
    monkeypatch.setattr(wordlists, "package_folder", lambda name: tmp_path)
    wordlist = wordlists._swedish_vader()
    assert wordlist.words == {} and "vaderSentiment-swedish" in wordlist.problems[0]


def test_a_missing_word_list_package_leaves_an_empty_list_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wordlists, "package_folder", lambda name: None)
    for loader in (lambda: wordlists._afinn("da", "AFINN-da-32.txt"), wordlists._sentiws):
        wordlist = loader()
        assert wordlist.words == {} and "not installed" in wordlist.problems[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_published_word_list_installed(language: str) -> None:
    wordlist = wordlists.load_wordlist(language)
    assert wordlist.problems == () and len(wordlist.words) > 1000


@pytest.mark.parametrize(
    ("language", "asked", "said"),
    [
        ("da", "Er det virkelig godt nu?", "Det er virkelig godt nu."),
        ("sv", "Är det verkligen bra nu?", "Det är verkligen bra nu."),
        ("en", "Is it really good now?", "It is really good now."),
    ],
)
def test_a_positive_word_in_a_question_counts_less_than_in_a_statement(
    policy: Policy, language: str, asked: str, said: str
) -> None:
    question, statement = _sentiment(policy, language, asked), _sentiment(policy, language, said)
    assert 0 < question.score < statement.score
    detail = _result(policy, language, asked).reasons[-1].detail
    assert "in a question" in detail and "boosted" in detail  # "virkelig" still boosts


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("Er det virkelig godt nu!?", "Det er virkelig godt nu!"),  # a run of marks holding "?"
        ("Er det virkelig godt nu?!", "Det er virkelig godt nu!"),
    ],
)
def test_a_run_of_marks_with_a_question_mark_asks(policy: Policy, asked: str, said: str) -> None:
    assert 0 < _sentiment(policy, "da", asked).score < _sentiment(policy, "da", said).score


@pytest.mark.parametrize(
    "text",
    [
        "Tak for den hurtige hjælp\nHvornår kommer pakken?",  # a line break ends the thanks
        "Tak, det virker godt, se https://shop.example/ordre?id=5",  # a link's query asks nothing
    ],
)
def test_praise_before_a_line_break_or_a_link_query_is_not_asked(policy: Policy, text: str) -> None:
    scorer = SentimentScorer(SentimentSettings.from_policy(policy), policy.signals.lexicon_dir)
    hits = [hit for hit in scorer.score(text, "da").hits if hit.valence > 0]
    assert hits and not any(hit.asked for hit in hits)


def test_a_question_leaves_a_complaint_and_the_sentences_around_it_as_they_were(
    policy: Policy,
) -> None:
    scorer = SentimentScorer(SentimentSettings.from_policy(policy), policy.signals.lexicon_dir)
    assert (
        scorer.score("Hvorfor er det så dårligt?", "da").total
        == scorer.score("Det er så dårligt.", "da").total
        < 0
    )
    praise = scorer.score("Tak, det virker godt. Kan I også sende fakturaen?", "da").total
    assert praise == scorer.score("Tak, det virker godt.", "da").total > 0


@pytest.mark.parametrize(
    "text",
    [
        "Finanskrisen ramte mange familier.",  # crisis, also in compounds and inflected
        "Regeringen holdt krisemøde i nat.",
        "Økonomien er i recession.",
        "Der blev varslet fyringer på fabrikken.",
        "Tilbagegangen på boligmarkedet fortsætter.",
        "Der var hærværk mod skolen i nat.",
        "Det var uheldigt for os.",
        "Fejlen skyldes en opdatering.",  # the list has "fejl" but not "fejlen", "fejlene"
    ],
)
def test_danish_words_for_bad_news_the_published_list_lacks_are_negative(
    policy: Policy, text: str
) -> None:
    assert _sentiment(policy, "da", text).label in ("negative", "very_negative")


@pytest.mark.parametrize(
    "text",
    [
        "Der er kommet et opsving i økonomien.",
        "Projektet gav en stor gevinst.",
        "Vinderen blev fundet i går.",
        "Det var et konstruktivt møde.",
        "Vi værdsætter jeres arbejde.",
        "Programmet kører fejlfrit nu.",  # "fejlfri" (flawless) is not a "fejl"
    ],
)
def test_danish_words_for_good_news_the_published_list_lacks_are_positive(
    policy: Policy, text: str
) -> None:
    assert _sentiment(policy, "da", text).label == "positive"


def test_danish_in_charge_of_is_not_praise(policy: Policy) -> None:
    # AFINN-da's "ansvarlig" (+2) is the English "responsible"; "ansvarlig for" is "in charge of".
    sentiment = _sentiment(policy, "da", "Hun er ansvarlig for kundeservice i Aarhus.")
    assert sentiment.label == "neutral" and sentiment.evidence == []


@pytest.mark.parametrize(
    "text",
    [
        "Ifølge fejlmeldingen er der en fejlkode.",  # an error report and code name, not a fault
        "Hun arbejder på et krisecenter.",
        "Dødeligheden blev målt i fem regioner.",  # a rate
        "Han læser epidemiologi.",
    ],
)
def test_danish_compounds_that_only_start_like_a_sentiment_word_stay_neutral(
    policy: Policy, text: str
) -> None:
    assert _sentiment(policy, "da", text).label == "neutral"


def test_a_jubelidiot_is_an_insult(policy: Policy) -> None:
    assert _sentiment(policy, "da", "Han er en jubelidiot.").score < 0
