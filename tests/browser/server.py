"""The demo helpdesk served by `triagedesk serve` on a free port, for the browser tests."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
STARTUP_DEADLINE_S = 120
CLI = [sys.executable, "-m", "triagedesk"]


@dataclass(frozen=True)
class Site:
    """A running demo helpdesk: its URL, the demo users' passwords and the server's environment."""

    url: str
    passwords: dict[str, str]
    env: dict[str, str]

    def cli(self, *args: str) -> str:
        """Run a `triagedesk` command against the site's data directory; its standard output."""
        done = subprocess.run(
            [*CLI, *args], env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def log_in(self, page: Any, username: str) -> None:
        """Log `username` in on a Playwright page; it ends on the queue."""
        page.goto(self.url + "/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", self.passwords[username])
        page.click("button[type=submit]")
        page.wait_for_url(self.url + "/")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_demo(data_dir: Path) -> tuple[Site, subprocess.Popen[bytes]]:
    """Load the demo into `data_dir` and start `triagedesk serve` on a free port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRIAGEDESK_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["TRIAGEDESK_DATA_DIR"] = str(data_dir)
    loaded = subprocess.run(
        [*CLI, "demo", "--no-serve"], env=env, capture_output=True, text=True, check=True
    )
    passwords = dict(re.findall(r"user (\w+)\s+password (\S+)", loaded.stdout))
    port = _free_port()
    log = Path(env["TRIAGEDESK_DATA_DIR"]) / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*CLI, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_DEADLINE_S
    while True:
        try:
            with urllib.request.urlopen(url + "/login/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the server did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)
    return Site(url, passwords, env), server
