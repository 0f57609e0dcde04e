"""The analyzer registry: each analyzer declares what it requires and what it provides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from triagedesk.triage.policy import Policy
    from triagedesk.triage.result import TriageResult


class Analyzer(Protocol):
    """One step of the chain: adds its part to the result in place."""

    def __call__(self, result: TriageResult) -> None: ...


AnalyzerFactory = Callable[["Policy"], Analyzer]


@dataclass(frozen=True)
class AnalyzerSpec:
    """A registered analyzer: its name, its contract and how to build it from a policy."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    factory: AnalyzerFactory


_REGISTRY: dict[str, AnalyzerSpec] = {}


def analyzer(
    name: str, requires: tuple[str, ...] = (), provides: tuple[str, ...] = ()
) -> Callable[[AnalyzerFactory], AnalyzerFactory]:
    """Register a factory `policy -> analyzer` under `name` (a later registration replaces it)."""

    def register(factory: AnalyzerFactory) -> AnalyzerFactory:
        _REGISTRY[name] = AnalyzerSpec(name, requires, provides, factory)
        return factory

    return register


def registered() -> dict[str, AnalyzerSpec]:
    """All analyzers known so far, built-in ones included."""
    _load_builtins()
    return dict(_REGISTRY)


def _load_builtins() -> None:
    from triagedesk.triage import analyzers  # noqa: F401  (registers on import)
