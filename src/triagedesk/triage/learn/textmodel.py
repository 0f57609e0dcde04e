"""A word + character n-gram TF-IDF linear classifier: fitted with scikit-learn, run with numpy.

`TextClassifier.fit` (see `training`) trains scikit-learn's `TfidfVectorizer`s and a `LinearSVC`
(one-vs-rest or Crammer-Singer, chosen by cross-validation), calibrates the scores with a
temperature fitted on cross-validated predictions and, where cross-validation shows it helps,
adds one-vs-one pair models for labels it confuses (`pairs`). It keeps only what scoring needs: the two vocabularies, their idf weights and the
weights. Scoring reproduces scikit-learn's analyzers exactly (a test checks it) in plain Python
and numpy, so the triage path never imports scikit-learn. Model files are versioned `.npz`
archives written atomically.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from triagedesk.errors import ModelError
from triagedesk.triage.learn.pairs import PairRefiner

FORMAT = "triagedesk-textmodel"
# Version 2 added the optional pair models; version 1 files (no pairs) still load.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
# scikit-learn's default word pattern: tokens of two or more word characters.
_WORD = re.compile(r"(?u)\b\w\w+\b")
_KEY_TERM = re.compile(r"[^\W\d_]{3,}")
_RECENT_TEXTS = 256
# Distinct words whose known character n-grams are remembered (a few MB at most).
_CHAR_CACHE_WORDS = 50_000

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class FeatureSpec:
    """Which n-grams the model reads. The defaults won on banking77, bitext and the ticket queues."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    sublinear_tf: bool = True
    min_df: int = 1


@dataclass(frozen=True)
class TrainSettings:
    """How the classifier is fitted."""

    c: float = 0.5
    class_weight: str | None = "balanced"
    # Cross-validation folds for the temperature and the pair strength (fewer when a label has
    # fewer examples; 0 = no cross-validation: temperature 1, no pair models).
    folds: int = 3
    # How far the pair models may move the top two labels' logits; cross-validation picks one
    # (0.0 = no pair models; (0.0,) alone never fits them).
    pair_strengths: tuple[float, ...] = (0.0, 1.0, 2.0, 4.0, 8.0, 16.0)
    pair_c: float = 0.5
    # The main model's multi-class SVM: "ovr" (one-vs-rest, the default) or "crammer_singer"
    # (Crammer & Singer's joint problem). Cross-validation tries them in this order and keeps a
    # later one only when its gain is clear, as for the pair models. Two labels use the first
    # (for two labels the two problems nearly coincide).
    multi_class: tuple[Literal["ovr", "crammer_singer"], ...] = ("ovr", "crammer_singer")
    # The cross-validated figure the choice maximises.
    select_by: Literal["macro_f1", "accuracy"] = "macro_f1"
    random_state: int = 0

    def __post_init__(self) -> None:
        unknown = set(self.multi_class) - {"ovr", "crammer_singer"}
        if not self.multi_class or unknown:
            raise ModelError(
                f"multi_class must list 'ovr' and/or 'crammer_singer', got {self.multi_class!r}"
            )


@dataclass(frozen=True)
class Features:
    """One text's TF-IDF vector: feature indices and their values (word block, then char block)."""

    indices: npt.NDArray[np.int64]
    values: Floats
    # (term, tf-idf value) of the word n-grams, for key terms and explanations.
    word_terms: list[tuple[str, float]]


@dataclass
class TextClassifier:
    """A fitted model: vocabularies, idf weights, one weight column per label and a temperature."""

    labels: list[str]
    spec: FeatureSpec
    word_vocab: dict[str, int]
    char_vocab: dict[str, int]
    word_idf: Floats
    char_idf: Floats
    weights: Floats
    bias: Floats
    temperature: float = 1.0
    pairs: PairRefiner | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Key terms, category and its explanation read the same features; a batch runs each
    # analyzer over many tickets before the next, so a handful of texts are remembered.
    _recent: dict[str, Features] = field(default_factory=dict, repr=False, compare=False)
    _char_cache: dict[str, npt.NDArray[np.int64]] = field(
        default_factory=dict, repr=False, compare=False
    )

    # -- scoring ----------------------------------------------------------------------------

    def features(self, text: str) -> Features:
        """The TF-IDF features of a text, as scikit-learn's vectorizers would compute them."""
        known = self._recent.get(text)
        if known is not None:
            return known
        lowered = text.lower()
        word_counts = Counter(_word_ngrams(lowered, self.spec.word_ngrams))
        word_idx, word_val, word_terms = self._word_block(word_counts)
        char_idx, char_val = self._char_block(lowered)
        features = Features(
            np.concatenate([word_idx, char_idx]), np.concatenate([word_val, char_val]), word_terms
        )
        if len(self._recent) >= _RECENT_TEXTS:
            self._recent.clear()
        self._recent[text] = features
        return features

    def _word_block(
        self, counts: Counter[str]
    ) -> tuple[npt.NDArray[np.int64], Floats, list[tuple[str, float]]]:
        get = self.word_vocab.get
        found = [(i, term, n) for term, n in counts.items() if (i := get(term)) is not None]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), []
        indices, terms, numbers = zip(*found, strict=True)
        index = np.array(indices, dtype=np.int64)
        values = self._tfidf(np.array(numbers, dtype=np.float32), self.word_idf[index])
        return index, values, list(zip(terms, values.tolist(), strict=True))

    def _char_block(self, lowered: str) -> tuple[npt.NDArray[np.int64], Floats]:
        """Character n-grams word by word: each distinct word's known n-grams are looked up once."""
        words = Counter(lowered.split())
        cache = self._char_cache
        parts: list[npt.NDArray[np.int64]] = []
        repeats: list[int] = []
        for word, count in words.items():
            known = cache.get(word)
            if known is None:
                known = self._known_char_grams(word)
                if len(cache) >= _CHAR_CACHE_WORDS:
                    cache.clear()
                cache[word] = known
            if len(known):
                parts.append(known)
                repeats.append(count)
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        grams = np.concatenate(parts)
        weights = np.repeat(np.asarray(repeats, dtype=np.float32), [len(p) for p in parts])
        index, inverse = np.unique(grams, return_inverse=True)
        tf = np.bincount(inverse, weights=weights).astype(np.float32)
        return index + len(self.word_vocab), self._tfidf(tf, self.char_idf[index])

    def _known_char_grams(self, word: str) -> npt.NDArray[np.int64]:
        known = [
            i
            for i in map(self.char_vocab.get, _word_char_grams(word, self.spec.char_ngrams))
            if i is not None
        ]
        return np.fromiter(known, dtype=np.int64, count=len(known))

    def _tfidf(self, tf: Floats, idf: Floats) -> Floats:
        if self.spec.sublinear_tf:
            tf = (1.0 + np.log(tf)).astype(np.float32)
        values: Floats = tf * idf
        norm = float(np.sqrt(np.dot(values, values)))
        if norm > 0:
            values /= norm
        return values

    def decision(self, text: str) -> Floats:
        """The raw linear scores, one per label."""
        feats = self.features(text)
        scores: Floats = feats.values @ self.weights[feats.indices] + self.bias
        return scores

    def logits(self, text: str) -> Floats:
        """Calibrated scores, one per label, after the pair models' opinion on the top two."""
        scores: Floats = self.decision(text) / np.float32(self.temperature)
        if self.pairs is not None:
            feats = self.features(text)  # remembered from `decision`
            scores = self.pairs.refine(scores, feats.indices, feats.values)
        return scores

    def proba(self, text: str) -> Floats:
        """Calibrated probabilities, one per label (they sum to 1)."""
        return _softmax(self.logits(text))

    def predict_proba(self, texts: Sequence[str]) -> Floats:
        """Probabilities for many texts: one row per text."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return np.vstack([self.proba(text) for text in texts])

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most probable label of each text."""
        return [self.labels[i] for i in self.predict_proba(texts).argmax(axis=1)]

    def contributions(
        self, text: str, label: str, count: int = 3, skip: Collection[str] = ()
    ) -> list[tuple[str, float]]:
        """The word n-grams that pushed `text` hardest towards `label`, with their share of the score.

        Terms that begin or end with a word in `skip` (function words) are left out.
        """
        feats = self.features(text)
        n_words = len(feats.word_terms)  # the word block comes first, in the same order
        column = self.weights[feats.indices[:n_words], self.labels.index(label)]
        pushes = feats.values[:n_words] * column
        ranked = (
            (feats.word_terms[i][0], float(pushes[i]))
            for i in np.argsort(-pushes)
            if pushes[i] > 0 and _content(feats.word_terms[i][0], skip)
        )
        return _without_contained(ranked, count)

    def key_terms(self, text: str, count: int, skip: Collection[str] = ()) -> list[str]:
        """The text's most distinctive words and phrases by TF-IDF weight (rarest, most repeated)."""
        feats = self.features(text)
        ranked = (
            (term, value)
            for term, value in sorted(feats.word_terms, key=lambda item: -item[1])
            if _KEY_TERM.search(term) and _content(term, skip)
        )
        return [term for term, _ in _without_contained(ranked, count)]

    # -- files -------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the model atomically: a reader sees the old file or the new one, never half."""
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {**self.meta, "format": FORMAT, "version": FORMAT_VERSION, "spec": asdict(self.spec)}
        arrays: dict[str, Any] = {
            "labels": np.array(self.labels, dtype=str),
            "word_terms": _terms(self.word_vocab),
            "char_terms": _terms(self.char_vocab),
            "word_idf": self.word_idf.astype(np.float32),
            "char_idf": self.char_idf.astype(np.float32),
            # Half precision on disk halves the file; scores move by less than 1e-3.
            "weights": self.weights.astype(np.float16),
            "bias": self.bias.astype(np.float32),
            "temperature": np.array(self.temperature, dtype=np.float64),
            "meta": np.array(json.dumps(meta, sort_keys=True)),
            **(self.pairs.arrays() if self.pairs is not None else {}),
        }
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez_compressed(out, **arrays)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes it private; a model is not a secret
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> TextClassifier:
        """Read a model file; a missing, foreign or newer-format file is a clear `ModelError`."""
        try:
            with np.load(path, allow_pickle=False) as archive:
                meta = json.loads(str(archive["meta"]))
                if meta.get("format") != FORMAT:
                    raise ModelError(f"{path}: not a triagedesk model file")
                if meta.get("version") not in READABLE_VERSIONS:
                    raise ModelError(
                        f"{path}: model format version {meta.get('version')}, this triagedesk reads "
                        f"versions {READABLE_VERSIONS[0]}-{FORMAT_VERSION}; retrain it with "
                        "`triagedesk train`"
                    )
                spec = meta.pop("spec")
                return cls(
                    labels=archive["labels"].tolist(),
                    spec=FeatureSpec(
                        word_ngrams=(int(spec["word_ngrams"][0]), int(spec["word_ngrams"][1])),
                        char_ngrams=(int(spec["char_ngrams"][0]), int(spec["char_ngrams"][1])),
                        sublinear_tf=bool(spec["sublinear_tf"]),
                        min_df=int(spec["min_df"]),
                    ),
                    word_vocab=_vocab(archive["word_terms"]),
                    char_vocab=_vocab(archive["char_terms"]),
                    word_idf=archive["word_idf"],
                    char_idf=archive["char_idf"],
                    weights=archive["weights"].astype(np.float32),
                    bias=archive["bias"],
                    temperature=float(archive["temperature"]),
                    pairs=PairRefiner.from_arrays(archive),
                    meta=meta,
                )
        except FileNotFoundError:
            raise ModelError(f"{path}: model file not found") from None
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: not a readable triagedesk model file ({exc})") from None

    # -- training ----------------------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        spec: FeatureSpec | None = None,
        settings: TrainSettings | None = None,
        meta: dict[str, Any] | None = None,
    ) -> TextClassifier:
        """Train on labelled texts (needs scikit-learn, imported only when training)."""
        from triagedesk.triage.learn.training import fit_classifier

        model = fit_classifier(texts, labels, spec or FeatureSpec(), settings or TrainSettings())
        model.meta = {
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "n_train": len(texts),
            "label_counts": dict(sorted(Counter(labels).items())),
            "train": asdict(settings or TrainSettings()),
            **model.meta,
            **(meta or {}),
        }
        return model


def _word_ngrams(lowered: str, ngrams: tuple[int, int]) -> list[str]:
    tokens = _WORD.findall(lowered)
    low, high = ngrams
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def _char_wb_ngrams(lowered: str, ngrams: tuple[int, int]) -> list[str]:
    """scikit-learn's char_wb analyzer: n-grams inside each space-padded word."""
    grams: list[str] = []
    for word in lowered.split():
        grams.extend(_word_char_grams(word, ngrams))
    return grams


def _word_char_grams(word: str, ngrams: tuple[int, int]) -> list[str]:
    """The char_wb n-grams of one word: every n-gram of " word " shorter than it, then the
    padded word itself once when it is no longer than the longest n (scikit-learn's rule)."""
    low, high = ngrams
    padded = f" {word} "
    size = len(padded)
    grams = [
        padded[i : i + n] for n in range(low, min(high, size - 1) + 1) for i in range(size - n + 1)
    ]
    if size <= high:
        grams.append(padded)
    return grams


def _content(term: str, skip: Collection[str]) -> bool:
    """A term that neither begins nor ends with a function word."""
    words = term.split()
    return words[0] not in skip and words[-1] not in skip


def _softmax(scores: Floats) -> Floats:
    shifted = np.exp(scores - scores.max())
    result: Floats = (shifted / shifted.sum()).astype(np.float32)
    return result


def _without_contained(ranked: Iterable[tuple[str, float]], count: int) -> list[tuple[str, float]]:
    """Best first; a word already inside a chosen phrase (or a phrase around a chosen word) is skipped."""
    chosen: list[tuple[str, float]] = []
    for term, value in ranked:
        words = set(term.split())
        if any(words & set(other.split()) for other, _ in chosen):
            continue
        chosen.append((term, value))
        if len(chosen) == count:
            break
    return chosen


def _terms(vocab: dict[str, int]) -> npt.NDArray[np.str_]:
    terms = [""] * len(vocab)
    for term, index in vocab.items():
        terms[index] = term
    return np.array(terms, dtype=str)


def _vocab(terms: npt.NDArray[np.str_]) -> dict[str, int]:
    return {term: index for index, term in enumerate(terms.tolist())}
