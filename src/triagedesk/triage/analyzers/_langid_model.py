"""py3langid's model restricted to our languages, unpacked once into a cache for a fast start."""

from __future__ import annotations

import os
from array import array
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

_TYPECODES = {2: "H", 4: "I", 8: "L"}


class UnknownLanguages(ValueError):
    """The detector has no model for some of the requested codes."""


@lru_cache(maxsize=8)
def restricted_identifier(codes: tuple[str, ...], cache_dir: str) -> LanguageIdentifier:
    """The detector for `codes`; unpacking the shipped model takes a second, the cache milliseconds."""
    cached = (
        Path(cache_dir) / f"py3langid-{version('py3langid')}-{'-'.join(sorted(codes))}.npz"
        if cache_dir
        else None
    )
    if cached is not None and cached.exists():
        try:
            with np.load(cached, allow_pickle=False) as data:
                return _identifier({key: data[key] for key in data.files})
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt below
    arrays = _restricted_arrays(codes)
    if cached is not None:
        _save_quietly(cached, arrays)
    return _identifier(arrays)


def _restricted_arrays(codes: tuple[str, ...]) -> dict[str, Any]:
    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    unknown = sorted(set(codes) - set(classes))
    if unknown:
        raise UnknownLanguages(", ".join(unknown))
    keep = [i for i, code in enumerate(classes) if code in codes]
    return {
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, keep]),
        "pc": np.asarray(pc)[keep],
        "classes": np.array([classes[i] for i in keep]),
        "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
        "nextmove_row": np.frombuffer(row, dtype=f"u{row.itemsize}"),
        "out_feat": np.asarray(output, dtype=np.int32),
    }


def _identifier(arrays: dict[str, Any]) -> LanguageIdentifier:
    return LanguageIdentifier(
        arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), _stdlib_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(), norm_probs=True, tk_row=_stdlib_array(arrays["nextmove_row"]),
    )  # fmt: skip


def _stdlib_array(values: Any) -> array[Any]:
    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


def _save_quietly(path: Path, arrays: dict[str, Any]) -> None:
    """Write the cache atomically; a read-only data directory only costs speed."""
    part = path.with_name(path.name + ".part.npz")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(part, **arrays)
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
