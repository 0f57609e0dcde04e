"""Write docs/cli.md from the commands' own --help, so the docs never drift from the code."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from triagedesk.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
INTRO = """# Command line

Generated from the commands' `--help` by `make docs` (a test fails when this file is stale).
`--json` prints one JSON object on stdout; errors go to stderr with a non-zero exit code
(1 for a problem with the input or the policy, 2 for a wrong option).
"""


def render() -> str:
    """The whole document: the group's help, then each command's."""
    runner = CliRunner()
    parts = [
        INTRO,
        "## triagedesk\n\n```\n"
        + runner.invoke(main, ["--help"], terminal_width=100).output
        + "```\n",
    ]
    for name in sorted(main.commands):
        output = runner.invoke(main, [name, "--help"], terminal_width=100).output
        parts.append(f"## triagedesk {name}\n\n```\n{output}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")
