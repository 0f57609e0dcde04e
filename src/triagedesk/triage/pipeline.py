"""Build the analyzer chain from the policy, check it, and run it on tickets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Protocol, runtime_checkable

from triagedesk.errors import PipelineError
from triagedesk.triage.policy import Policy, load_policy
from triagedesk.triage.registry import Analyzer, AnalyzerSpec, registered
from triagedesk.triage.result import TriageInput, TriageResult


@runtime_checkable
class BatchAnalyzer(Protocol):
    """An analyzer that is faster on many tickets at once (model calls)."""

    def __call__(self, result: TriageResult) -> None: ...

    def batch(self, results: list[TriageResult]) -> None: ...


class Pipeline:
    """The configured chain of analyzers."""

    def __init__(self, policy: Policy | None = None) -> None:
        self.policy = policy or load_policy()
        self.specs = check_chain(self.policy.engine.analyzers)
        self.analyzers: list[tuple[str, Analyzer]] = [
            (spec.name, spec.factory(self.policy)) for spec in self.specs
        ]

    @property
    def names(self) -> list[str]:
        """The analyzer names, in the order they run."""
        return [name for name, _ in self.analyzers]

    def triage(self, ticket: TriageInput) -> TriageResult:
        """Run the whole chain on one ticket."""
        result = TriageResult(input=ticket)
        for _, step in self.analyzers:
            step(result)
        return result

    def triage_many(
        self, tickets: Iterable[TriageInput], batch_size: int = 64
    ) -> Iterator[TriageResult]:
        """Run the chain on many tickets, batching the steps that support it."""
        iterator = iter(tickets)
        while chunk := list(islice(iterator, batch_size)):
            results = [TriageResult(input=ticket) for ticket in chunk]
            for _, step in self.analyzers:
                if isinstance(step, BatchAnalyzer):
                    step.batch(results)
                else:
                    for result in results:
                        step(result)
            yield from results


def check_chain(names: list[str]) -> list[AnalyzerSpec]:
    """The specs for `names`, after checking that each analyzer's requirements come before it."""
    known = registered()
    provided = {"input"}
    specs = []
    for name in names:
        if name not in known:
            raise PipelineError(
                f"unknown analyzer '{name}' in [engine.analyzers]; known: {', '.join(sorted(known))}"
            )
        spec = known[name]
        missing = [need for need in spec.requires if need not in provided]
        if missing:
            raise PipelineError(
                f"analyzer '{name}' requires {', '.join(missing)}, which no earlier analyzer in "
                f"[engine.analyzers] provides; move it later or add the analyzer that provides it"
            )
        provided.update(spec.provides)
        specs.append(spec)
    return specs
