"""The shipped cold-start category model, trained on the seed tickets we wrote ourselves.

Rebuild it after editing `triagedesk/triage/seed/*.jsonl`:

    python -m triagedesk.triage.learn.coldstart

A test fails when the shipped model was built from other seed files than the ones in the tree.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from triagedesk.triage.learn.prepare import model_inputs
from triagedesk.triage.learn.textmodel import FeatureSpec, TextClassifier

PACKAGE = Path(__file__).resolve().parents[1]
SEED_DIR = PACKAGE / "seed"
COLD_START_MODEL = PACKAGE / "models" / "cold_start.npz"
SEED_LANGUAGES = ("sv", "da", "no", "de", "en")


def seed_files() -> list[Path]:
    """The seed files, one per language."""
    return [SEED_DIR / f"{language}.jsonl" for language in SEED_LANGUAGES]


def seed_digest() -> str:
    """sha256 over the seed files' bytes, in language order."""
    digest = hashlib.sha256()
    for path in seed_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def seed_rows() -> list[dict[str, Any]]:
    """Every seed ticket, with its language added."""
    rows = []
    for path in seed_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append({**json.loads(line), "language": path.stem})
    return rows


def seed_label(row: dict[str, Any]) -> str:
    """The seed's training label: main category and sub-category as 'main/sub'."""
    return f"{row['category']}/{row['sub']}"


def build(path: Path = COLD_START_MODEL) -> TextClassifier:
    """Train the cold-start model on every seed ticket and save it."""
    rows = seed_rows()
    model = TextClassifier.fit(
        model_inputs([r["text"] for r in rows], [r.get("subject", "") for r in rows]),
        [seed_label(r) for r in rows],
        # Terms seen in fewer than three seed tickets add size, not accuracy (5-fold CV on the seed).
        spec=FeatureSpec(min_df=3),
        meta={"trained_on": "shipped seed set", "seed_sha256": seed_digest()},
    )
    model.meta.pop("created", None)  # keep the shipped file identical when the seed is unchanged
    model.save(path)
    return model


if __name__ == "__main__":
    built = build()
    print(
        f"wrote {COLD_START_MODEL} ({len(built.labels)} labels, {built.meta['n_train']} seed tickets)"
    )
