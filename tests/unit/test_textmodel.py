"""The numpy scorer reproduces scikit-learn's features; model files are versioned and atomic."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from triagedesk.errors import ModelError
from triagedesk.triage.learn.textmodel import (
    FeatureSpec,
    TextClassifier,
    _vectorizers,
    fit_temperature,
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
    words, chars = _vectorizers(FeatureSpec())
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
    with zipfile.ZipFile(newer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    meta = json.loads(str(np.load(newer)["meta"]))
    meta["version"] = 99
    np.save(tmp_path / "meta.npy", np.array(json.dumps(meta)))
    members["meta.npy"] = (tmp_path / "meta.npy").read_bytes()
    with zipfile.ZipFile(newer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ModelError, match=r"version 99.*retrain"):
        TextClassifier.load(newer)


def test_training_needs_two_labels_and_words() -> None:
    with pytest.raises(ModelError, match="two different labels"):
        TextClassifier.fit(["a text", "another text"], ["x", "x"])
    with pytest.raises(ModelError, match="no usable words"):
        TextClassifier.fit(["", " "], ["x", "y"])


def test_two_labels_give_two_columns() -> None:
    model = TextClassifier.fit(["good fine great", "bad awful poor"] * 3, ["pos", "neg"] * 3)
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
