"""Fitting a `TextClassifier` with scikit-learn (imported here only, so triage never needs it).

One pass of stratified cross-validation on the training texts per multi-class formulation of
the main SVM gives out-of-fold scores for every ticket. From those alone, never from a test set,
training fits the softmax temperature, picks the label pairs worth a pair model (those the main
model ranked first and second, close together), chooses how strongly the pair models may
overrule the main model (0 = not at all) and which formulation to keep (one-vs-rest unless
another one's gain is clear). Then everything is refitted on all the texts.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from triagedesk.errors import ModelError
from triagedesk.triage.learn.pairs import PairRefiner

if TYPE_CHECKING:
    from triagedesk.triage.learn.textmodel import FeatureSpec, TextClassifier, TrainSettings

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
# A label pair gets a pair model when the cross-validated main model ranked the two first and
# second with calibrated scores this close (e^2: within a factor of about 7) for some ticket.
# Wider pairs never changed a decision in cross-validation on banking77, and cost file size.
CONFUSABLE_MARGIN = 2.0
_BOOTSTRAP_ROUNDS = 200
# A gain is clear when it holds in at least this share of the bootstrap resamples.
_CLEAR_GAIN = 0.95


@dataclass
class _Fitted:
    """A main model fitted on some rows: the vectorizers, its matrix and the SVM's weights."""

    vectorizers: tuple[Any, Any]
    matrix: Any  # scipy CSR, one row per training text
    weights: Floats
    bias: Floats
    converged: bool  # False: the solver stopped at its iteration limit


@dataclass
class _Choice:
    """What cross-validation found for one formulation of the main model."""

    multi_class: str
    oof: OutOfFold
    temperature: float
    confusable: list[tuple[int, int]]
    strength: float
    report: dict[str, Any]
    predicted: Ints  # out-of-fold predictions with the chosen pair strength


@dataclass
class OutOfFold:
    """Cross-validated scores of every training text, from models that did not see it."""

    truth: Ints
    decision: Floats  # raw main-model scores, one column per label
    first: Ints  # the best and second-best label of each row
    second: Ints
    opinion: Floats  # the fold's pair model's score for `second` over `first` (0: none)
    folds: int

    def pair_keys(self) -> Ints:
        """Each row's top-two label pair as one number (smaller label first)."""
        low, high = np.minimum(self.first, self.second), np.maximum(self.first, self.second)
        keys: Ints = low * self.decision.shape[1] + high
        return keys

    def keep_confusable(self, temperature: float) -> list[tuple[int, int]]:
        """The pairs ranked top two within `CONFUSABLE_MARGIN`; other rows lose their opinion."""
        logits = self.decision / np.float32(temperature)
        rows = np.arange(len(logits))
        close = logits[rows, self.first] - logits[rows, self.second] < CONFUSABLE_MARGIN
        keys = self.pair_keys()
        kept = np.unique(keys[close])
        self.opinion[~np.isin(keys, kept)] = 0.0
        width = self.decision.shape[1]
        return [(int(key // width), int(key % width)) for key in kept]


def check_training_data(texts: Sequence[str], labels: Sequence[str]) -> None:
    """Refuse data a classifier cannot be trained on, saying why."""
    if len(texts) != len(labels):
        raise ModelError(f"{len(texts)} texts but {len(labels)} labels")
    counts = Counter(labels)
    if len(counts) < 2:
        raise ModelError(f"training needs at least two different labels, found {sorted(counts)}")
    if any(not label for label in counts):
        raise ModelError("some rows have an empty label; fill them in or remove them")


def vectorizers(spec: FeatureSpec) -> tuple[Any, Any]:
    """scikit-learn's word and character TF-IDF vectorizers for `spec`."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    common = {"sublinear_tf": spec.sublinear_tf, "min_df": spec.min_df, "dtype": np.float32}
    return (
        TfidfVectorizer(analyzer="word", ngram_range=spec.word_ngrams, **common),
        TfidfVectorizer(analyzer="char_wb", ngram_range=spec.char_ngrams, **common),
    )


def fit_classifier(
    texts: Sequence[str], labels: Sequence[str], spec: FeatureSpec, settings: TrainSettings
) -> TextClassifier:
    """The main model on every text, calibrated and refined from cross-validated scores."""
    from triagedesk.triage.learn.textmodel import TextClassifier

    check_training_data(texts, labels)
    names = sorted(set(labels))
    truth = np.array([names.index(label) for label in labels], dtype=np.int64)
    choices = _cross_validated_choices(list(texts), truth, len(names), spec, settings)
    chosen = _best_choice(choices, truth, len(names), settings)
    multi_class = chosen.multi_class if chosen else settings.multi_class[0]
    full = _fit_main(list(texts), truth, len(names), spec, settings, multi_class)
    words, chars = full.vectorizers
    model = TextClassifier(
        labels=names,
        spec=spec,
        word_vocab={str(t): int(i) for t, i in words.vocabulary_.items()},
        char_vocab={str(t): int(i) for t, i in chars.vocabulary_.items()},
        word_idf=words.idf_.astype(np.float32),
        char_idf=chars.idf_.astype(np.float32),
        weights=full.weights,
        bias=full.bias,
    )
    if chosen is None:
        model.meta["cv"] = {"folds": 0, "multi_class": multi_class, "converged": full.converged}
        return model
    model.temperature = chosen.temperature
    if chosen.strength > 0:
        refiner = fit_pairs(full.matrix, truth, chosen.confusable, settings)
        refiner.strength = chosen.strength
        refiner.temperature = fit_temperature(
            refined_logits(chosen.oof, model.temperature, chosen.strength), chosen.oof.truth
        )
        model.pairs = refiner
    model.meta["cv"] = {
        **chosen.report,
        "pair_strength": chosen.strength,
        "pairs": len(model.pairs or ()),
        "multi_class": multi_class,
        "converged": full.converged,
        "tried": {choice.multi_class: choice.report for choice in choices},
    }
    return model


def _cross_validated_choices(
    texts: list[str], truth: Ints, n_labels: int, spec: FeatureSpec, settings: TrainSettings
) -> list[_Choice]:
    """Each formulation's cross-validated temperature, pairs and pair strength (none: no folds)."""
    choices = []
    for multi_class in settings.multi_class[: 1 if n_labels == 2 else None]:
        oof = cross_validate(texts, truth, n_labels, spec, settings, multi_class)
        if oof is None:
            return []
        temperature = fit_temperature(oof.decision, oof.truth)
        confusable = oof.keep_confusable(temperature)
        strength, report = choose_strength(oof, temperature, settings)
        predicted = refined_logits(oof, temperature, strength).argmax(axis=1)
        choices.append(
            _Choice(multi_class, oof, temperature, confusable, strength, report, predicted)
        )
    return choices


def _best_choice(
    choices: list[_Choice], truth: Ints, n_labels: int, settings: TrainSettings
) -> _Choice | None:
    """The first formulation, replaced by a later one only when that one's gain is clear.

    Each later one's report says in how many bootstrap resamples it beat the best before it.
    """
    best = choices[0] if choices else None
    for choice in choices[1:]:
        assert best is not None
        held = gain_held(truth, best.predicted, choice.predicted, n_labels, settings)
        choice.report["gain_held"] = round(held, 3)
        if held >= _CLEAR_GAIN:
            best = choice
    return best


def _fit_main(
    texts: list[str], truth: Ints, n_labels: int, spec: FeatureSpec, settings: TrainSettings,
    multi_class: str,
) -> _Fitted:  # fmt: skip
    import scipy.sparse as sp
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    words, chars = vectorizers(spec)
    try:
        matrix = sp.hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    except ValueError as exc:  # every text empty, or no term left after min_df
        raise ModelError(f"no usable words in the training texts ({exc})") from None
    svm = LinearSVC(
        C=settings.c,
        class_weight=settings.class_weight,
        multi_class=multi_class,
        random_state=settings.random_state,
    )
    with warnings.catch_warnings():
        # A solver stopped at its iteration limit (a large C, the joint problem on small sets)
        # still gives a usable model; cross-validation scores it as it is, and the final
        # model's metadata (and `triagedesk train`) say so instead of a scikit-learn warning.
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm.fit(matrix, truth)
    coef = svm.coef_.T.astype(np.float32)
    bias = np.atleast_1d(svm.intercept_).astype(np.float32)
    if n_labels == 2:  # scikit-learn keeps one column for two labels: +x for the second
        coef = np.hstack([-coef / 2, coef / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2], dtype=np.float32)
    converged = int(np.max(svm.n_iter_)) < svm.max_iter
    return _Fitted((words, chars), matrix, np.ascontiguousarray(coef), bias, converged)


def cross_validate(
    texts: list[str], truth: Ints, n_labels: int, spec: FeatureSpec, settings: TrainSettings,
    multi_class: str = "ovr",
) -> OutOfFold | None:  # fmt: skip
    """Out-of-fold scores (None when a label has too few texts for two folds)."""
    from sklearn.model_selection import StratifiedKFold

    folds = min(settings.folds, int(np.bincount(truth).min()))
    if folds < 2:
        return None
    size = len(texts)
    oof = OutOfFold(
        truth=truth,
        decision=np.zeros((size, n_labels), dtype=np.float32),
        first=np.zeros(size, dtype=np.int64),
        second=np.zeros(size, dtype=np.int64),
        opinion=np.zeros(size, dtype=np.float32),
        folds=folds,
    )
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=settings.random_state)
    for train_rows, held_rows in splitter.split(np.zeros(size), truth):
        fitted = _fit_main(
            [texts[i] for i in train_rows], truth[train_rows], n_labels, spec, settings, multi_class
        )
        _score_fold(texts, truth, settings, fitted, train_rows, held_rows, oof)
    return oof


def _score_fold(
    texts: list[str], truth: Ints, settings: TrainSettings, fitted: _Fitted,
    train_rows: Ints, held_rows: Ints, oof: OutOfFold,
) -> None:  # fmt: skip
    import scipy.sparse as sp

    words, chars = fitted.vectorizers
    held_texts = [texts[i] for i in held_rows]
    held = sp.hstack([words.transform(held_texts), chars.transform(held_texts)]).tocsr()
    decision = held @ fitted.weights + fitted.bias
    order = np.argsort(-decision, axis=1)
    first, second = order[:, 0], order[:, 1]
    oof.decision[held_rows] = decision
    oof.first[held_rows], oof.second[held_rows] = first, second
    if not any(settings.pair_strengths):
        return
    # Only pairs ranked close together can be kept (see `keep_confusable`); the fold's own
    # temperature stands in for the final one, which needs every fold.
    rows = np.arange(len(held_rows))
    margin = (decision[rows, first] - decision[rows, second]) / fit_temperature(
        decision, truth[held_rows]
    )
    close = margin < CONFUSABLE_MARGIN
    pairs = sorted(
        {(int(min(a, b)), int(max(a, b))) for a, b in zip(first[close], second[close], strict=True)}
    )
    refiner = fit_pairs(fitted.matrix, truth[train_rows], pairs, settings)
    oof.opinion[held_rows] = _opinions(refiner, held, first, second)


def fit_pairs(
    matrix: Any, truth: Ints, pairs: list[tuple[int, int]], settings: TrainSettings
) -> PairRefiner:
    """One linear SVM per label pair, trained on those two labels' texts only."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    rows_of = {label: np.flatnonzero(truth == label) for label in np.unique(truth)}
    kept: list[tuple[int, int]] = []
    indices: list[npt.NDArray[np.int32]] = []
    values: list[Floats] = []
    bias: list[float] = []
    for a, b in pairs:
        if a not in rows_of or b not in rows_of:
            continue
        rows = np.concatenate([rows_of[a], rows_of[b]])
        svm = LinearSVC(
            C=settings.pair_c,
            class_weight=settings.class_weight,
            random_state=settings.random_state,
        )
        with warnings.catch_warnings():
            # A pair model that stops short of full convergence still separates its pair.
            warnings.simplefilter("ignore", ConvergenceWarning)
            svm.fit(matrix[rows], truth[rows] == b)
        weights = svm.coef_[0]
        nonzero = np.flatnonzero(weights)
        kept.append((a, b))
        indices.append(nonzero.astype(np.int32))
        values.append(weights[nonzero].astype(np.float32))
        bias.append(float(svm.intercept_[0]))
    lengths = [len(part) for part in indices]
    return PairRefiner(
        pairs=np.array(kept, dtype=np.int32).reshape(-1, 2),
        indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        indices=np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32),
        values=np.concatenate(values) if values else np.zeros(0, dtype=np.float32),
        bias=np.array(bias, dtype=np.float32),
        strength=0.0,
    )


def _opinions(refiner: PairRefiner, held: Any, first: Ints, second: Ints) -> Floats:
    """Each held-out row's pair-model score for its second label over its first (0: no model)."""
    result = np.zeros(len(first), dtype=np.float32)
    for row, (a, b) in enumerate(zip(first.tolist(), second.tolist(), strict=True)):
        start, end = held.indptr[row], held.indptr[row + 1]
        opinion = refiner.decision(a, b, held.indices[start:end], held.data[start:end])
        result[row] = opinion or 0.0
    return result


def refined_logits(oof: OutOfFold, temperature: float, strength: float) -> Floats:
    """The out-of-fold logits after the pair models' opinions, as `PairRefiner.refine` does."""
    logits = oof.decision / np.float32(temperature)
    shift = np.float32(strength / 2) * oof.opinion
    rows = np.arange(len(logits))
    logits[rows, oof.second] += shift
    logits[rows, oof.first] -= shift
    return logits


def choose_strength(
    oof: OutOfFold, temperature: float, settings: TrainSettings
) -> tuple[float, dict[str, Any]]:
    """The pair strength with the best cross-validated score, if its gain is clear (else 0)."""
    n_labels = oof.decision.shape[1]
    plain = oof.decision.argmax(axis=1)
    best_strength, best = 0.0, cv_scores(oof.truth, plain, n_labels)
    if not oof.opinion.any():
        return 0.0, _rounded(oof.folds, best)
    for strength in sorted(set(settings.pair_strengths) - {0.0}):
        report = cv_scores(
            oof.truth, refined_logits(oof, temperature, strength).argmax(axis=1), n_labels
        )
        if report[settings.select_by] > best[settings.select_by] + 1e-9:
            best_strength, best = strength, report
    refined = refined_logits(oof, temperature, best_strength).argmax(axis=1)
    if best_strength and not _clear_gain(oof.truth, plain, refined, n_labels, settings):
        best_strength, best = 0.0, cv_scores(oof.truth, plain, n_labels)
    return best_strength, _rounded(oof.folds, best)


def _rounded(folds: int, scores: dict[str, float]) -> dict[str, Any]:
    return {"folds": folds, **{name: round(value, 4) for name, value in scores.items()}}


def _clear_gain(
    truth: Ints, plain: Ints, refined: Ints, n_labels: int, settings: TrainSettings
) -> bool:
    """Whether the refined predictions beat the plain ones in at least 95 % of bootstrap resamples.

    On noisy labels a pair strength can win cross-validation by a handful of tickets; this keeps
    the pair models off unless the gain is unlikely to be luck.
    """
    return gain_held(truth, plain, refined, n_labels, settings) >= _CLEAR_GAIN


def gain_held(
    truth: Ints, plain: Ints, refined: Ints, n_labels: int, settings: TrainSettings
) -> float:
    """The share of bootstrap resamples of the rows in which `refined` scores above `plain`."""
    rng = np.random.default_rng(settings.random_state)
    wins = 0
    for _ in range(_BOOTSTRAP_ROUNDS):
        rows = rng.integers(0, len(truth), len(truth))
        gain = (
            cv_scores(truth[rows], refined[rows], n_labels)[settings.select_by]
            - cv_scores(truth[rows], plain[rows], n_labels)[settings.select_by]
        )
        wins += gain > 0
    return wins / _BOOTSTRAP_ROUNDS


def cv_scores(truth: Ints, predicted: Ints, n_labels: int) -> dict[str, float]:
    """Accuracy and macro-F1 (over the labels that occur in `truth`)."""
    hits = np.bincount(truth[truth == predicted], minlength=n_labels)
    support = np.bincount(truth, minlength=n_labels)
    guessed = np.bincount(predicted, minlength=n_labels)
    present = support > 0
    f1 = 2 * hits[present] / (support[present] + guessed[present])
    return {
        "accuracy": float(hits.sum() / len(truth)),
        "macro_f1": float(f1.mean()),
    }


def fit_temperature(scores: Floats, truth: npt.NDArray[np.int64]) -> float:
    """The temperature T minimising the negative log-likelihood of softmax(scores / T)."""

    def nll(temperature: float) -> float:
        scaled = scores / temperature
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        return float(np.mean(log_norm - scaled[np.arange(len(truth)), truth]))

    # Golden-section search on log T between 0.01 and 10 (NLL is unimodal in T here).
    low, high = math.log(0.01), math.log(10.0)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    fa, fb = nll(math.exp(a)), nll(math.exp(b))
    for _ in range(40):
        if fa < fb:
            high, b, fb = b, a, fa
            a = high - ratio * (high - low)
            fa = nll(math.exp(a))
        else:
            low, a, fa = a, b, fb
            b = low + ratio * (high - low)
            fb = nll(math.exp(b))
    return round(math.exp((low + high) / 2), 5)
