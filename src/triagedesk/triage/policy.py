"""Load the policy file (TOML) into typed objects; errors name the file, the key and what was expected."""

from __future__ import annotations

import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from triagedesk.errors import PolicyError

DEFAULT_POLICY_PATH = Path(__file__).with_name("default_policy.toml")


@dataclass(frozen=True)
class EnginePolicy:
    languages: list[str]
    default_language: str
    analyzers: list[str]


@dataclass(frozen=True)
class CleanPolicy:
    strip_quoted_replies: bool
    max_chars: int


@dataclass(frozen=True)
class RedactPolicy:
    kinds: list[str]


@dataclass(frozen=True)
class LanguagePolicy:
    min_chars: int
    sample_chars: int
    min_confidence: float
    cache_dir: str


@dataclass(frozen=True)
class SentimentPolicy:
    very_negative_below: float
    negative_below: float
    positive_above: float


@dataclass(frozen=True)
class SignalsPolicy:
    max_gap: int
    lexicon_dir: str


@dataclass(frozen=True)
class KeywordsPolicy:
    count: int


@dataclass(frozen=True)
class CategoryDef:
    name: str
    subs: list[str]


@dataclass(frozen=True)
class CategoryPolicy:
    model: str
    review_below: float
    taxonomy: dict[str, CategoryDef]


@dataclass(frozen=True)
class PriorityPolicy:
    levels: dict[str, float]
    tier_points: dict[str, float]
    value_bands: list[list[float]]
    signal_points: dict[str, dict[str, float]]
    sentiment_points: dict[str, float]


@dataclass(frozen=True)
class RouteRule:
    team: str
    category: str = ""
    language: str = ""


@dataclass(frozen=True)
class RoutePolicy:
    default_team: str
    category_teams: dict[str, str]
    rules: list[RouteRule] = field(default_factory=list)


@dataclass(frozen=True)
class SlaPolicy:
    timezone: str
    workdays: list[int]
    day_start: str
    day_end: str
    first_response: dict[str, str]
    resolution: dict[str, str]


@dataclass(frozen=True)
class Policy:
    """The whole policy: one section per analyzer plus the engine's own settings."""

    engine: EnginePolicy
    clean: CleanPolicy
    redact: RedactPolicy
    language: LanguagePolicy
    sentiment: SentimentPolicy
    signals: SignalsPolicy
    keywords: KeywordsPolicy
    category: CategoryPolicy
    priority: PriorityPolicy
    route: RoutePolicy
    sla: SlaPolicy
    source: str = "default"


def load_policy(
    path: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    overrides_source: str = "policy overrides",
) -> Policy:
    """The default policy, with the user's file (if any), then `overrides`, laid over it key by key.

    `overrides` is already-parsed TOML (the helpdesk admin's policy); errors in it name
    `overrides_source` instead of a file.
    """
    layers: list[tuple[str | Path, dict[str, Any]]] = [
        (DEFAULT_POLICY_PATH, _read_toml(DEFAULT_POLICY_PATH))
    ]
    if path is not None:
        layers.append((Path(path), _read_toml(Path(path))))
    if overrides:
        layers.append((overrides_source, overrides))
    merged = layers[0][1]
    for source, layer in layers[1:]:
        merged = _merge(merged, layer, source, ())
    return _build_policy(merged, layers)


def _build_policy(data: dict[str, Any], layers: list[tuple[str | Path, dict[str, Any]]]) -> Policy:
    def sets(layer: dict[str, Any], key_path: tuple[str, ...]) -> bool:
        node: Any = layer
        for key in key_path:
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True

    def origin(key_path: tuple[str, ...]) -> str | Path:
        return next((src for src, layer in reversed(layers) if sets(layer, key_path)), layers[0][0])

    source = layers[-1][0]
    policy = _convert(Policy, {**data, "source": str(source)}, (), origin)
    _check_consistency(policy, source)
    return typing.cast(Policy, policy)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise PolicyError(f"{path}: policy file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: not valid TOML ({exc})") from None


def _merge(
    base: dict[str, Any], over: dict[str, Any], path: str | Path, where: tuple[str, ...]
) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if key not in base:
            known = ", ".join(sorted(base)) or "none"
            raise PolicyError(
                f"{path}: unknown key [{_dotted((*where, key))}]; known keys here: {known}"
            )
        if (
            isinstance(base[key], dict)
            and isinstance(value, dict)
            and not _is_open_table(where, key)
        ):
            merged[key] = _merge(base[key], value, path, (*where, key))
        else:
            merged[key] = value
    return merged


# Tables whose keys the user names freely (categories, teams, tiers): replaced whole, not merged.
_OPEN_TABLES = {
    ("category", "taxonomy"),
    ("route", "category_teams"),
    ("priority", "tier_points"),
    ("priority", "levels"),
}


def _is_open_table(where: tuple[str, ...], key: str) -> bool:
    return (*where, key) in _OPEN_TABLES


def _dotted(key_path: tuple[str, ...]) -> str:
    return ".".join(key_path) or "(top level)"


def _convert(expected: Any, value: Any, where: tuple[str, ...], origin: Any) -> Any:
    if is_dataclass(expected) and isinstance(expected, type):
        return _convert_dataclass(expected, value, where, origin)
    kind = typing.get_origin(expected)
    args = typing.get_args(expected)
    if kind is list:
        if not isinstance(value, list):
            _fail(where, origin, f"a list, got {value!r}")
        return [_convert(args[0], item, (*where, str(i)), origin) for i, item in enumerate(value)]
    if kind is dict:
        if not isinstance(value, dict):
            _fail(where, origin, f"a table, got {value!r}")
        return {k: _convert(args[1], v, (*where, k), origin) for k, v in value.items()}
    if kind in (typing.Union, types.UnionType):
        return value
    return _convert_scalar(expected, value, where, origin)


def _convert_scalar(expected: Any, value: Any, where: tuple[str, ...], origin: Any) -> Any:
    if expected is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if expected is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if expected is bool and isinstance(value, bool):
        return value
    if expected is str and isinstance(value, str):
        return value
    _fail(where, origin, f"{_type_name(expected)}, got {value!r}")


def _convert_dataclass(cls: type, value: Any, where: tuple[str, ...], origin: Any) -> Any:
    if not isinstance(value, dict):
        _fail(where, origin, f"a table, got {value!r}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in fields(cls)}
    for key in value:
        if key not in names:
            known = ", ".join(sorted(names))
            _fail((*where, key), origin, f"no such key; known keys in this table: {known}", "")
    kwargs = {}
    for item in fields(cls):
        if item.name in value:
            kwargs[item.name] = _convert(
                hints[item.name], value[item.name], (*where, item.name), origin
            )
        elif item.default is MISSING and item.default_factory is MISSING:
            _fail(
                (*where, item.name),
                origin,
                f"a value ({_type_name(hints[item.name])}), the key is missing",
            )
    return cls(**kwargs)


def _type_name(expected: Any) -> str:
    names = {float: "a number", int: "an integer", bool: "true or false", str: "a string"}
    return names.get(expected, str(expected))


def _fail(
    where: tuple[str, ...], origin: Any, expected: str, prefix: str = "expected "
) -> typing.NoReturn:
    raise PolicyError(f"{origin(where)}: [{_dotted(where)}] {prefix}{expected}")


def _check_consistency(policy: Policy, path: str | Path) -> None:
    levels = set(policy.priority.levels)
    for table, name in (
        (policy.sla.first_response, "sla.first_response"),
        (policy.sla.resolution, "sla.resolution"),
    ):
        missing = levels - set(table)
        if missing:
            raise PolicyError(
                f"{path}: [{name}] needs a target for every priority level; missing {sorted(missing)}"
            )
    if policy.engine.default_language not in policy.engine.languages:
        raise PolicyError(
            f"{path}: [engine.default_language] must be one of engine.languages {policy.engine.languages}"
        )
    for cat in policy.route.category_teams:
        if cat not in policy.category.taxonomy:
            raise PolicyError(
                f"{path}: [route.category_teams.{cat}] is not a category in [category.taxonomy]"
            )
    for band in policy.priority.value_bands:
        if len(band) != 2:
            raise PolicyError(
                f"{path}: [priority.value_bands] expected pairs [annual_value, points], got {band}"
            )
