"""One-vs-one refinements: a second opinion on the two labels the main model ranks highest.

A one-vs-rest model draws each label's boundary against all the others at once, so two labels
that are often mistaken for each other (`card_arrival` and `card_delivery_estimate`) get a
compromise boundary. A small linear model trained on those two labels' tickets alone draws a
sharper one. At scoring time the main model's calibrated scores of its top two labels are moved
apart or together by `strength` times the pair model's decision; training chooses `strength`
by cross-validation (0 turns the refinement off) and keeps only the pairs that came up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]
Indices = npt.NDArray[np.int64]


@dataclass
class PairRefiner:
    """Sparse weight rows for label pairs (a, b), a < b; a positive decision favours b."""

    pairs: npt.NDArray[np.int32]  # (P, 2) label indices
    indptr: npt.NDArray[np.int64]  # (P + 1,) row starts in `indices` / `values`
    indices: npt.NDArray[np.int32]  # feature index of each weight, sorted within a row
    values: Floats
    bias: Floats
    strength: float
    temperature: float = 1.0
    _row: dict[tuple[int, int], int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._row = {(int(a), int(b)): row for row, (a, b) in enumerate(self.pairs.tolist())}

    def __len__(self) -> int:
        return len(self.pairs)

    def decision(self, first: int, second: int, indices: Indices, values: Floats) -> float | None:
        """The pair model's score for `second` over `first` (None: no model for this pair)."""
        swap = first > second
        row = self._row.get((second, first) if swap else (first, second))
        if row is None:
            return None
        start, end = int(self.indptr[row]), int(self.indptr[row + 1])
        known = self.indices[start:end]
        at = np.searchsorted(known, indices)
        hit = at < len(known)
        hit[hit] = known[at[hit]] == indices[hit]
        score = float(self.bias[row]) + float(np.dot(self.values[start:end][at[hit]], values[hit]))
        return -score if swap else score

    def refine(self, logits: Floats, indices: Indices, values: Floats) -> Floats:
        """Calibrated main-model logits, with the top two moved by the pair model's opinion."""
        if len(logits) < 2:
            return logits
        top = np.argpartition(-logits, 1)[:2]
        first, second = (int(top[0]), int(top[1]))
        if logits[second] > logits[first]:
            first, second = second, first
        opinion = self.decision(first, second, indices, values)
        if opinion is None:
            refined = logits
        else:
            refined = logits.copy()
            shift = np.float32(self.strength * opinion / 2)
            refined[second] += shift
            refined[first] -= shift
        result: Floats = (refined / np.float32(self.temperature)).astype(np.float32)
        return result

    def arrays(self) -> dict[str, Any]:
        """What a model file stores (weights in half precision, like the main model's)."""
        return {
            "pair_labels": self.pairs.astype(np.int32),
            "pair_indptr": self.indptr.astype(np.int64),
            "pair_indices": self.indices.astype(np.int32),
            "pair_values": self.values.astype(np.float16),
            "pair_bias": self.bias.astype(np.float32),
            "pair_settings": np.array([self.strength, self.temperature], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, archive: Any) -> PairRefiner | None:
        """The refiner stored in a model file, or None when the file has none."""
        if "pair_labels" not in archive:
            return None
        strength, temperature = (float(x) for x in archive["pair_settings"])
        return cls(
            pairs=archive["pair_labels"].astype(np.int32).reshape(-1, 2),
            indptr=archive["pair_indptr"].astype(np.int64),
            indices=archive["pair_indices"].astype(np.int32),
            values=archive["pair_values"].astype(np.float32),
            bias=archive["pair_bias"].astype(np.float32),
            strength=strength,
            temperature=temperature,
        )
