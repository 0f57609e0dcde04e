from pathlib import Path

import pytest

from triagedesk.errors import PolicyError
from triagedesk.triage.lexicon import LEXICON_DIR, SIGNAL_KINDS, PhraseMatcher, load_lexicon
from triagedesk.triage.text import tokenize

LANGUAGES = ("sv", "da", "no", "de", "en")


def _found(phrases: list[str], text: str, language: str, max_gap: int = 2) -> list[str]:
    matcher = PhraseMatcher([(p, (p,)) for p in phrases], language, max_gap)
    return [text[m.start : m.end] for m in matcher.find(tokenize(text, language))]


def test_inflected_forms_match_by_stem() -> None:
    assert _found(["skicka faktura"], "Vi kan inte skicka fakturorna.", "sv") == [
        "skicka fakturorna"
    ]


def test_words_in_between_are_allowed_up_to_max_gap() -> None:
    text = "Vi kan inte längre skicka ut fakturor."
    assert _found(["kan inte skicka fakturor"], text, "sv") == [
        "kan inte längre skicka ut fakturor"
    ]
    assert _found(["kan inte skicka fakturor"], text, "sv", max_gap=0) == []


def test_star_matches_any_ending() -> None:
    assert _found(["abonnement* kündig*"], "Ich werde mein Abonnement sofort kündigen!", "de") == [
        "Abonnement sofort kündigen"
    ]


def test_equals_sign_matches_only_that_exact_form() -> None:
    assert _found(["=arn"], "Vi anmäler er till ARN.", "sv") == ["ARN"]
    assert _found(["=arn"], "Arne ringde igen, Arnes ärende.", "sv") == []
    assert _found(["arne"], "Arnes ärende", "sv") == ["Arnes"]  # a stem would match the genitive


def test_exact_payloads_match_word_for_word_whatever_the_gap() -> None:
    phrases = [("not urgent", ("time", "negated")), ("not fixed urgently", ("time", "strong"))]
    matcher = PhraseMatcher(phrases, "en", 2, exact=[("time", "negated")])
    text = "It is not fixed, so urgently needed; not urgent otherwise."
    found = {m.phrase.payload[1]: text[m.start : m.end] for m in matcher.find(tokenize(text, "en"))}
    assert found == {"negated": "not urgent", "strong": "not fixed, so urgently"}


def test_phrase_order_matters() -> None:
    assert _found(["cancel contract"], "The contract says we can cancel.", "en") == []


def test_evidence_offsets_point_into_the_text() -> None:
    text = "Hei!\nNettbutikken er nede igjen."
    matcher = PhraseMatcher([("nettbutikk* nede", ("x",))], "no", 2)
    (match,) = matcher.find(tokenize(text, "no"))
    assert text[match.start : match.end] == "Nettbutikken er nede"


def test_lexicon_for_language_without_file_is_empty() -> None:
    lexicon = load_lexicon("xx")
    assert lexicon.signals == {} and lexicon.cues == {}


def test_broken_lexicon_file_names_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "sv.toml").write_text(
        '[signals.business_impact]\nstrong = "not a list"\n', encoding="utf-8"
    )
    with pytest.raises(
        PolicyError, match=r"sv\.toml: \[signals\.business_impact\.strong\] expected a list"
    ):
        load_lexicon("sv", str(tmp_path))


def test_unknown_signal_kind_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sv.toml").write_text('[signals.weather]\nbad = ["regn"]\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"\[signals\.weather\] unknown"):
        load_lexicon("sv", str(tmp_path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_lexicon_has_every_signal_kind(language: str) -> None:
    assert (LEXICON_DIR / f"{language}.toml").exists()
    lexicon = load_lexicon(language)
    assert set(lexicon.signals) == set(SIGNAL_KINDS)
    assert all(phrases for subs in lexicon.signals.values() for phrases in subs.values())
    assert lexicon.negators and len(lexicon.cues) >= 100
