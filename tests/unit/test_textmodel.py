"""The numpy scorer reproduces scikit-learn's features; model files are versioned and atomic."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path
from typing import Literal

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from triagedesk.errors import ModelError
from triagedesk.triage.learn.pairs import PairRefiner
from triagedesk.triage.learn.textmodel import FeatureSpec, TextClassifier, TrainSettings
from triagedesk.triage.learn.training import (
    OutOfFold,
    _best_choice,
    _Choice,
    choose_strength,
    cross_validate,
    fit_pairs,
    fit_temperature,
    refined_logits,
    vectorizers,
)

TRAIN = [
    ("Fakturan är fel, ni har debiterat oss två gånger", "billing"),
    ("Dobbelt opkrævning på fakturaen, ret den venligst", "billing"),
    ("Wrong amount on the invoice, we were charged twice", "billing"),
    ("Die Rechnung ist falsch, doppelt abgebucht", "billing"),
    ("Fakturaen har feil beløp, dere har trukket to ganger", "billing"),
    ("Appen kraschar när jag loggar in", "technical"),
    ("Appen crasher når jeg logger ind", "technical"),
    ("The app crashes when I log in", "technical"),
    ("Die App stürzt beim Anmelden ab", "technical"),
    ("Appen krasjer når jeg logger inn", "technical"),
    ("Paketet har inte kommit fram", "delivery"),
    ("Pakken er ikke kommet frem", "delivery"),
    ("The parcel has not arrived", "delivery"),
    ("Das Paket ist nicht angekommen", "delivery"),
    ("Pakken har ikke kommet fram", "delivery"),
]
TEXTS = [t for t, _ in TRAIN]
LABELS = [label for _, label in TRAIN]


@pytest.fixture(scope="module")
def model() -> TextClassifier:
    return TextClassifier.fit(TEXTS * 2, LABELS * 2)


def _sklearn_rows(texts: list[str]) -> sp.csr_matrix:
    words, chars = vectorizers(FeatureSpec())
    words.fit(TEXTS * 2)
    chars.fit(TEXTS * 2)
    return sp.hstack([words.transform(texts), chars.transform(texts)]).tocsr()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([*" ".join(TEXTS).split(), "ÅÄÖ", "\t", "\n", "x", "İ", "ß"]), max_size=25
    )
)
def test_features_equal_scikit_learns(model: TextClassifier, words: list[str]) -> None:
    text = " ".join(words)
    expected = _sklearn_rows([text])[0]
    got = model.features(text)
    want = dict(zip(expected.indices.tolist(), expected.data.tolist(), strict=True))
    have = dict(zip(got.indices.tolist(), got.values.tolist(), strict=True))
    assert want.keys() == have.keys()
    assert all(abs(want[k] - have[k]) < 1e-5 for k in want)


def test_it_learns_the_training_labels_in_every_language(model: TextClassifier) -> None:
    assert model.predict(["Ni har debiterat fakturan två gånger", "Die App stürzt ab"]) == [
        "billing",
        "technical",
    ]
    proba = model.predict_proba(["The parcel has not arrived yet"])
    assert proba.shape == (1, 3)
    assert abs(float(proba.sum()) - 1.0) < 1e-5
    assert model.labels[int(proba.argmax())] == "delivery"


def test_contributions_name_the_words_behind_the_label(model: TextClassifier) -> None:
    terms = [
        term for term, _ in model.contributions("We were charged twice on the invoice", "billing")
    ]
    assert terms and {"invoice", "charged", "twice"} & set(" ".join(terms).split())
    skipped = model.contributions(
        "We were charged twice on the invoice", "billing", skip={"invoice"}
    )
    assert all("invoice" not in term.split() for term, _ in skipped)


def test_key_terms_skip_function_words_and_repeat_no_word(model: TextClassifier) -> None:
    terms = model.key_terms(
        "The app crashes when I log in, the app crashes", 4, skip={"the", "when", "in"}
    )
    words = [w for term in terms for w in term.split()]
    assert "crashes" in words
    assert len(words) == len(set(words))
    edges = {t.split()[0] for t in terms} | {t.split()[-1] for t in terms}
    assert not {"the", "when", "in"} & edges


def test_save_and_load_give_the_same_scores(model: TextClassifier, tmp_path: Path) -> None:
    path = tmp_path / "models" / "category.npz"
    model.save(path)
    loaded = TextClassifier.load(path)
    assert loaded.labels == model.labels and loaded.temperature == model.temperature
    text = "Paketet har inte kommit och fakturan är fel"
    assert np.allclose(loaded.proba(text), model.proba(text), atol=2e-3)
    assert [p.name for p in path.parent.iterdir()] == ["category.npz"]  # no temporary file left


def _with_pairs(model: TextClassifier, strength: float = 4.0) -> TextClassifier:
    """The fixture's model plus a pair model for every label pair, fitted on the training texts."""
    matrix = _sklearn_rows(TEXTS * 2)
    truth = np.array([model.labels.index(label) for label in LABELS * 2])
    pairs = fit_pairs(matrix, truth, [(0, 1), (0, 2), (1, 2)], TrainSettings())
    pairs.strength, pairs.temperature = strength, 1.5
    return dataclasses.replace(model, pairs=pairs, _recent={}, _char_cache={})


def test_a_pair_model_scores_its_second_label_over_its_first(model: TextClassifier) -> None:
    refined = _with_pairs(model)
    assert refined.pairs is not None
    billing, technical = model.labels.index("billing"), model.labels.index("technical")
    feats = model.features("Die Rechnung ist doppelt abgebucht, bitte korrigieren")
    towards_billing = refined.pairs.decision(technical, billing, feats.indices, feats.values)
    assert towards_billing is not None and towards_billing > 0
    assert refined.pairs.decision(billing, technical, feats.indices, feats.values) == pytest.approx(
        -towards_billing
    )
    assert refined.pairs.decision(billing, 7, feats.indices, feats.values) is None


def test_refining_moves_only_the_top_two_and_applies_the_temperature() -> None:
    pairs = PairRefiner(
        pairs=np.array([[0, 1]], dtype=np.int32),
        indptr=np.array([0, 1]),
        indices=np.array([5], dtype=np.int32),
        values=np.array([1.0], dtype=np.float32),
        bias=np.array([0.0], dtype=np.float32),
        strength=4.0,
        temperature=2.0,
    )
    logits = np.array([2.0, 1.5, -1.0, 0.0], dtype=np.float32)
    # Feature 5 at 0.5: the pair model favours label 1 by 0.5, so 1 gains 1.0 and 0 loses 1.0.
    got = pairs.refine(logits, np.array([3, 5]), np.array([0.2, 0.5], dtype=np.float32))
    assert np.allclose(got, [0.5, 1.25, -0.5, 0.0])
    unmoved = pairs.refine(logits, np.array([3]), np.array([0.2], dtype=np.float32))
    assert np.allclose(unmoved, logits / 2)
    assert np.allclose(logits, [2.0, 1.5, -1.0, 0.0])  # the caller's array is left alone


def test_training_simulates_pair_refinement_as_scoring_does(model: TextClassifier) -> None:
    refined = _with_pairs(model)
    assert refined.pairs is not None
    texts = ["Das Paket ist nicht angekommen", "Ni har debiterat två gånger", "The app crashes"]
    decision = np.vstack([refined.decision(text) for text in texts])
    order = np.argsort(-decision, axis=1)
    opinions = []
    for text, (first, second) in zip(texts, order[:, :2].tolist(), strict=True):
        feats = refined.features(text)
        opinions.append(refined.pairs.decision(first, second, feats.indices, feats.values))
    oof = OutOfFold(
        truth=np.zeros(len(texts), dtype=np.int64),
        decision=decision,
        first=order[:, 0],
        second=order[:, 1],
        opinion=np.array(opinions, dtype=np.float32),
        folds=2,
    )
    simulated = refined_logits(oof, refined.temperature, refined.pairs.strength)
    scored = np.vstack([refined.logits(text) for text in texts])
    assert np.allclose(simulated / refined.pairs.temperature, scored, atol=1e-4)


def _out_of_fold(helped: int, hurt: int) -> OutOfFold:
    """400 two-label near ties, 280 right; the pair models fix `helped` rows and break `hurt`."""
    truth = np.arange(400) % 2
    right = np.arange(400) < 280
    first = np.where(right, truth, 1 - truth)
    decision = np.zeros((400, 2), dtype=np.float32)
    decision[np.arange(400), first] = 0.1
    opinion = np.zeros(400, dtype=np.float32)  # for the second label: right only where first is not
    opinion[280 : 280 + helped] = 1.0
    opinion[:hurt] = 1.0
    return OutOfFold(truth, decision, first, 1 - first, opinion, folds=3)


def test_pair_models_are_kept_only_for_a_clear_cross_validated_gain() -> None:
    settings = TrainSettings()
    strength, report = choose_strength(_out_of_fold(helped=60, hurt=10), 0.1, settings)
    assert strength > 0 and report["accuracy"] == (280 + 60 - 10) / 400
    # Two tickets better out of 400: cross-validation prefers it, the bootstrap calls it luck.
    strength, report = choose_strength(_out_of_fold(helped=12, hurt=10), 0.1, settings)
    assert strength == 0.0 and report == {"folds": 3, "accuracy": 0.7, "macro_f1": 0.7}


def test_pairs_survive_save_and_load(model: TextClassifier, tmp_path: Path) -> None:
    refined = _with_pairs(model)
    path = tmp_path / "category.npz"
    refined.save(path)
    loaded = TextClassifier.load(path)
    assert loaded.pairs is not None and refined.pairs is not None
    assert loaded.pairs.pairs.tolist() == refined.pairs.pairs.tolist()
    assert (loaded.pairs.strength, loaded.pairs.temperature) == (4.0, 1.5)
    for text in ["Paketet har inte kommit och fakturan är fel", "Die App stürzt ab"]:
        assert np.allclose(loaded.proba(text), refined.proba(text), atol=2e-3)


def test_version_1_model_files_still_load(model: TextClassifier, tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    model.save(path)
    _rewrite_meta(path, version=1)
    old = TextClassifier.load(path)
    assert old.pairs is None
    text = "Wrong amount on the invoice"
    assert np.allclose(old.proba(text), model.proba(text), atol=2e-3)


def _rewrite_meta(path: Path, version: int) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    meta = json.loads(str(np.load(path)["meta"]))
    meta["version"] = version
    meta_file = path.with_suffix(".meta.npy")
    np.save(meta_file, np.array(json.dumps(meta)))
    members["meta.npy"] = meta_file.read_bytes()
    meta_file.unlink()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_failed_save_keeps_the_old_model(
    model: TextClassifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "category.npz"
    model.save(path)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        model.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["category.npz"]


def test_bad_model_files_are_clear_errors(model: TextClassifier, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        TextClassifier.load(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="not a readable"):
        TextClassifier.load(junk)
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, meta=np.array(json.dumps({"format": "other"})))
    with pytest.raises(ModelError, match="not a triagedesk model"):
        TextClassifier.load(foreign)
    newer = tmp_path / "newer.npz"
    model.save(newer)
    _rewrite_meta(newer, version=99)
    with pytest.raises(ModelError, match=r"version 99.*retrain"):
        TextClassifier.load(newer)


def test_training_needs_two_labels_and_words() -> None:
    with pytest.raises(ModelError, match="two different labels"):
        TextClassifier.fit(["a text", "another text"], ["x", "x"])
    with pytest.raises(ModelError, match="no usable words"):
        TextClassifier.fit(["", " "], ["x", "y"])


def test_training_records_what_cross_validation_chose(model: TextClassifier) -> None:
    cv = model.meta["cv"]
    assert cv["folds"] == TrainSettings().folds
    assert 0.0 <= cv["accuracy"] <= 1.0 and 0.0 <= cv["macro_f1"] <= 1.0
    assert cv["pair_strength"] in TrainSettings().pair_strengths
    assert (model.pairs is None) == (cv["pair_strength"] == 0.0)


@pytest.mark.parametrize("order", [("ovr", "crammer_singer"), ("crammer_singer", "ovr")])
def test_training_tries_each_multi_class_formulation_and_fits_the_chosen_one(
    order: tuple[Literal["ovr", "crammer_singer"], ...],
) -> None:
    from sklearn.svm import LinearSVC

    settings = TrainSettings(multi_class=order)
    model = TextClassifier.fit(TEXTS * 2, LABELS * 2, settings=settings)
    cv = model.meta["cv"]
    assert set(cv["tried"]) == set(order)
    # On this data the two score alike out of fold, so the first listed is kept.
    assert cv["multi_class"] == order[0] and cv["tried"][order[1]]["gain_held"] < 0.95
    assert cv["converged"] is True
    assert {k: cv[k] for k in ("accuracy", "macro_f1")} == {
        k: cv["tried"][order[0]][k] for k in ("accuracy", "macro_f1")
    }
    # The final fit, the temperature and the pair choice come from the chosen formulation.
    truth = np.array([model.labels.index(label) for label in LABELS * 2])
    rows = _sklearn_rows(TEXTS * 2)
    svm = LinearSVC(
        C=settings.c, class_weight="balanced", multi_class=order[0], random_state=0
    ).fit(rows, truth)
    assert np.allclose(model.weights, svm.coef_.T, atol=1e-5)
    oof = cross_validate(TEXTS * 2, truth, 3, FeatureSpec(), settings, order[0])
    assert oof is not None
    assert model.temperature == pytest.approx(fit_temperature(oof.decision, truth))
    other = cross_validate(TEXTS * 2, truth, 3, FeatureSpec(), settings, order[1])
    assert other is not None and not np.allclose(oof.decision, other.decision, atol=1e-3)


def test_a_solver_stopped_at_its_limit_is_recorded_not_warned() -> None:
    # pytest turns warnings into errors: scikit-learn's ConvergenceWarning must not escape.
    model = TextClassifier.fit(
        TEXTS * 2, LABELS * 2, settings=TrainSettings(c=1000.0, multi_class=("ovr",))
    )
    assert model.meta["cv"]["converged"] is False


@pytest.mark.parametrize("multi_class", [(), ("crammer-singer",), ("ovr", "multinomial")])
def test_unknown_multi_class_formulations_are_refused(multi_class: tuple[str, ...]) -> None:
    with pytest.raises(ModelError, match="multi_class must list"):
        TrainSettings(multi_class=multi_class)  # type: ignore[arg-type]


def test_a_later_formulation_replaces_one_vs_rest_only_on_a_clear_gain() -> None:
    truth = np.arange(400) % 4
    first = _choice("ovr", np.where(np.arange(400) < 280, truth, (truth + 1) % 4))

    def better_by(rows: int) -> _Choice:
        predicted = first.predicted.copy()
        predicted[280 : 280 + rows] = truth[280 : 280 + rows]
        return _choice("crammer_singer", predicted)

    settings = TrainSettings()
    clear, slight = better_by(30), better_by(1)
    assert _best_choice([first, clear], truth, 4, settings) is clear
    assert clear.report["gain_held"] == 1.0
    # One ticket in 400 better: cross-validation would prefer it, the bootstrap calls it luck.
    assert _best_choice([first, slight], truth, 4, settings) is first
    assert 0.5 < slight.report["gain_held"] < 0.95
    assert _best_choice([], truth, 4, settings) is None


def _choice(multi_class: str, predicted: np.ndarray) -> _Choice:
    oof = OutOfFold(
        predicted, np.zeros((len(predicted), 4), dtype=np.float32), predicted, predicted,
        np.zeros(len(predicted), dtype=np.float32), folds=3,
    )  # fmt: skip
    return _Choice(multi_class, oof, 1.0, [], 0.0, {}, predicted)


def test_two_labels_give_two_columns() -> None:
    model = TextClassifier.fit(["good fine great", "bad awful poor"] * 2, ["pos", "neg"] * 2)
    assert model.meta["cv"]["folds"] == 2  # two texts per label: no more than two folds
    assert set(model.meta["cv"]["tried"]) == {"ovr"}  # two labels: only the first is tried
    assert model.weights.shape[1] == 2
    assert model.predict(["great and fine", "awful and poor"]) == ["pos", "neg"]


def test_temperature_fits_the_confidence_of_the_scores() -> None:
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, size=3000)
    true_temperature = 0.5
    logits = rng.normal(size=(3000, 3)).astype(np.float32)
    # Draw labels from softmax(logits / 0.5): the fitted temperature should come back near 0.5.
    scaled = np.exp(logits / true_temperature)
    proba = scaled / scaled.sum(axis=1, keepdims=True)
    truth = np.array([rng.choice(3, p=p) for p in proba])
    assert abs(fit_temperature(logits, truth) - true_temperature) < 0.08
