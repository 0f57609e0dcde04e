"""Category and key terms from the shipped cold-start model, in every language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from triagedesk.triage.learn import coldstart
from triagedesk.triage.learn.textmodel import TextClassifier, TrainSettings
from triagedesk.triage.learn.training import fit_pairs, vectorizers
from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.policy import Policy
from triagedesk.triage.result import TriageInput

# Written for this test (not in the seed set): (text, main category) per language.
EXAMPLES = [
    ("Vi har fått två fakturor för samma månad och båda har dragits från kontot.", "billing"),
    (
        "Leveransen skulle ha kommit i tisdags men paketet har fortfarande inte dykt upp.",
        "delivery",
    ),
    ("Systemet kraschar varje gång vi försöker exportera rapporten, felkod 500.", "technical"),
    ("Jeg er blevet opkrævet to gange for det samme abonnement i denne måned.", "billing"),
    ("Min pakke er stadig ikke leveret, og sporingsnummeret virker ikke.", "delivery"),
    ("Vi har blitt fakturert dobbelt for lisensene i november.", "billing"),
    ("Appen krasjer hver gang jeg prøver å laste opp et bilde.", "technical"),
    (
        "Die Lieferung ist seit zwei Wochen überfällig und niemand kann mir sagen, wo das Paket ist.",
        "delivery",
    ),
    ("Auf der Rechnung wurde uns der falsche Tarif berechnet.", "billing"),
    (
        "The dashboard has been down since this morning and nobody on our team can log in.",
        "technical",
    ),
    ("I would like to return the jacket, it arrived with a broken zipper.", "returns"),
    ("Could you send us a quote for 50 additional user licences?", "sales"),
]


def _chain(policy: Policy, names: list[str], **category: object) -> Pipeline:
    engine = dataclasses.replace(policy.engine, analyzers=names)
    return Pipeline(
        dataclasses.replace(
            policy, engine=engine, category=dataclasses.replace(policy.category, **category)
        )
    )


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_cold_start_model_gets_clear_tickets_right(
    engine: Pipeline, text: str, expected: str
) -> None:
    result = engine.triage(TriageInput(text=text))
    assert result.category is not None
    assert result.category.label == expected, result.category
    assert result.category.sub in engine.policy.category.taxonomy[expected].subs


def test_confidences_are_probabilities_and_alternatives_are_ordered(engine: Pipeline) -> None:
    result = engine.triage(TriageInput(text=EXAMPLES[0][0]))
    category = result.category
    assert category is not None and category.sub_confidence is not None
    assert 0.0 < category.confidence <= 1.0 and 0.0 < category.sub_confidence <= 1.0
    shares = [category.confidence] + [p for _, p in category.alternatives]
    assert shares == sorted(shares, reverse=True)
    assert sum(shares) <= 1.0 + 1e-6


def test_the_reason_quotes_words_of_the_ticket(engine: Pipeline) -> None:
    text = "Fakturan är fel: ni har debiterat oss dubbelt för licenserna."
    result = engine.triage(TriageInput(text=text))
    reason = next(r for r in result.reasons if r.analyzer == "category")
    assert reason.evidence
    for evidence in reason.evidence:
        assert result.text[evidence.start : evidence.end] == evidence.text
    assert "Billing & contracts" in reason.detail


def test_low_confidence_goes_to_review_with_the_reason(policy: Policy) -> None:
    strict = _chain(policy, ["clean", "redact", "language", "category"], review_below=0.99)
    result = strict.triage(TriageInput(text="Hej, jag har en fråga."))
    assert result.needs_review
    assert any("category confidence" in why and "below 99%" in why for why in result.review_reasons)
    lenient = _chain(policy, ["clean", "redact", "language", "category"], review_below=0.0)
    assert not lenient.triage(TriageInput(text="Hej, jag har en fråga.")).needs_review


def test_the_subject_line_counts(policy: Policy) -> None:
    engine = _chain(policy, ["clean", "redact", "language", "category"])
    body = "Se bifogad skärmdump, samma sak igen."
    plain = engine.triage(TriageInput(text=body))
    with_subject = engine.triage(TriageInput(text=body, subject="Faktura 4471 har fel belopp"))
    assert with_subject.category is not None and plain.category is not None
    assert with_subject.category.label == "billing"
    assert with_subject.category.confidence > (
        plain.category.confidence if plain.category.label == "billing" else 0
    )


def test_a_trained_model_with_pair_models_decides_the_category(
    policy: Policy, tmp_path: Path
) -> None:
    rows = [r for r in coldstart.seed_rows() if r["language"] == "en"]
    texts, labels = [r["text"] for r in rows], [r["category"] for r in rows]
    model = TextClassifier.fit(texts, labels, settings=TrainSettings(folds=0))
    words, chars = vectorizers(model.spec)
    matrix = np.hstack([words.fit_transform(texts).toarray(), chars.fit_transform(texts).toarray()])
    truth = np.array([model.labels.index(label) for label in labels])
    every_pair = [(a, b) for a in range(len(model.labels)) for b in range(a + 1, len(model.labels))]
    model.pairs = fit_pairs(matrix, truth, every_pair, TrainSettings())
    model.pairs.strength = 8.0
    path = tmp_path / "category.npz"
    model.save(path)
    engine = _chain(policy, ["clean", "redact", "language", "category"], model=str(path))
    text = "We were billed twice for the same licence this month, please refund one."
    result = engine.triage(TriageInput(text=text))
    assert result.category is not None and result.category.label == "billing"
    refined = TextClassifier.load(path)
    expected = float(refined.proba(text)[refined.labels.index("billing")])
    assert result.category.confidence == pytest.approx(expected, abs=1e-5)
    refined.pairs = None
    assert float(refined.proba(text)[refined.labels.index("billing")]) != pytest.approx(expected)


def test_personal_data_never_reaches_the_model(policy: Policy) -> None:
    engine = _chain(policy, ["clean", "redact", "language", "keywords"])
    result = engine.triage(
        TriageInput(
            text="Ring mig på 070-123 45 67 eller skriv till anna.berg@example.se om fakturan"
        )
    )
    joined = " ".join(result.keywords)
    assert "anna" not in joined and "example" not in joined and "070" not in joined


@pytest.mark.parametrize(
    ("language", "text", "function_words"),
    [
        (
            "sv",
            "Vi har inte fått någon faktura för oktober och vi undrar om den har skickats.",
            {"vi", "har", "och"},
        ),
        (
            "da",
            "Vi har ikke modtaget nogen faktura for oktober, og vi vil gerne vide hvorfor.",
            {"vi", "har", "og"},
        ),
        (
            "no",
            "Vi har ikke mottatt noen faktura for oktober, og vi lurer på hvorfor.",
            {"vi", "har", "og"},
        ),
        (
            "de",
            "Wir haben für Oktober keine Rechnung erhalten und fragen uns, warum.",
            {"wir", "und", "für"},
        ),
        (
            "en",
            "We have not received an invoice for October and we wonder why.",
            {"we", "and", "for"},
        ),
    ],
)
def test_key_terms_are_content_words(
    engine: Pipeline, language: str, text: str, function_words: set[str]
) -> None:
    result = engine.triage(TriageInput(text=text))
    assert result.language == language
    assert result.keywords
    assert len(result.keywords) <= engine.policy.keywords.count
    edges = {term.split()[0] for term in result.keywords} | {
        term.split()[-1] for term in result.keywords
    }
    assert not edges & function_words


def test_shipped_model_was_built_from_the_seed_in_the_tree() -> None:
    model = TextClassifier.load(coldstart.COLD_START_MODEL)
    assert model.meta["seed_sha256"] == coldstart.seed_digest(), (
        "the seed set changed: rebuild with `python -m triagedesk.triage.learn.coldstart`"
    )


def test_seed_has_forty_examples_per_category_in_every_language(policy: Policy) -> None:
    rows = coldstart.seed_rows()
    for language in coldstart.SEED_LANGUAGES:
        for category, definition in policy.category.taxonomy.items():
            mine = [r for r in rows if r["language"] == language and r["category"] == category]
            assert len(mine) >= 40, (language, category, len(mine))
            assert {r["sub"] for r in mine} <= set(definition.subs)
