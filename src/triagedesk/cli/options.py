"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

policy_option = click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Policy file laid over the default policy (also TRIAGEDESK_POLICY).",
)

model_option = click.option(
    "--model",
    "model_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Category model file (default: the data directory's trained model, else the shipped one).",
)

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object on stdout."
)


def read_text_argument(text: str | None) -> str:
    """The ticket text from the argument, or from stdin when it is '-' or missing."""
    if text not in (None, "-"):
        return text
    stdin = click.get_binary_stream("stdin")
    if stdin.isatty():
        raise click.UsageError("give the ticket text as an argument, or pipe it in with '-'")
    raw = stdin.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.UsageError(
            f"standard input is not UTF-8 (byte {exc.start}); convert it first, e.g. with iconv -f latin1 -t utf-8"
        ) from None
