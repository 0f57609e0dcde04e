"""Typed settings: the only reader of os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """A documented setting: environment variable, default and help."""

    env: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "TRIAGEDESK_DATA_DIR",
        "~/.local/share/triagedesk",
        "Where models, the database and raw messages live.",
    ),
    Setting("TRIAGEDESK_POLICY", "", "A policy file laid over the shipped default policy."),
    Setting(
        "DATABASE_URL",
        "",
        "The helpdesk database, e.g. postgresql://user@127.0.0.1:5432/triagedesk; empty = SQLite "
        "(WAL mode) in the data directory.",
    ),
    Setting(
        "TRIAGEDESK_SECRET_KEY",
        "",
        "Django's secret key; empty = generated once and kept in the data directory.",
    ),
    Setting("TRIAGEDESK_DEBUG", "", "1 for Django's debug mode (development only)."),
    Setting(
        "TRIAGEDESK_ALLOWED_HOSTS",
        "",
        "Comma-separated host names the server answers to besides localhost (also trusted for "
        "HTTPS form posts behind a reverse proxy).",
    ),
)


@dataclass(frozen=True)
class Settings:
    """The settings in force, read once from the environment."""

    data_dir: Path
    policy_path: Path | None
    database_url: str = ""
    secret_key: str = ""
    debug: bool = False
    allowed_hosts: tuple[str, ...] = ()

    @property
    def model_dir(self) -> Path:
        """Where trained models are kept."""
        return self.data_dir / "models"

    @property
    def category_model_path(self) -> Path:
        """The organisation's own trained category model (used when present)."""
        return self.model_dir / "category.npz"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the environment (or the given mapping)."""
    env = os.environ if environ is None else environ
    values = {s.env: env.get(s.env, s.default) for s in SETTINGS}
    policy = values["TRIAGEDESK_POLICY"]
    return Settings(
        data_dir=Path(values["TRIAGEDESK_DATA_DIR"]).expanduser(),
        policy_path=Path(policy).expanduser() if policy else None,
        database_url=values["DATABASE_URL"],
        secret_key=values["TRIAGEDESK_SECRET_KEY"],
        debug=values["TRIAGEDESK_DEBUG"].strip().lower() in ("1", "true", "yes"),
        allowed_hosts=tuple(
            h.strip() for h in values["TRIAGEDESK_ALLOWED_HOSTS"].split(",") if h.strip()
        ),
    )
