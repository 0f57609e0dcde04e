"""Build the triage engine for this installation: its policy and its own trained model."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from triagedesk.conf import Settings
from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.policy import Policy, load_policy


def installation_policy(
    settings: Settings,
    policy_path: Path | None = None,
    model: Path | None = None,
    overrides: dict[str, Any] | None = None,
    overrides_source: str = "policy overrides",
) -> Policy:
    """The policy in force, pointing the category analyzer at the installation's own model.

    `overrides` (the helpdesk admin's policy) are laid over the policy files.
    """
    policy = load_policy(policy_path or settings.policy_path, overrides, overrides_source)
    if not policy.language.cache_dir:
        language = dataclasses.replace(policy.language, cache_dir=str(settings.data_dir / "cache"))
        policy = dataclasses.replace(policy, language=language)
    chosen = model or (Path(policy.category.model) if policy.category.model else None)
    if chosen is None and settings.category_model_path.exists():
        chosen = settings.category_model_path
    if chosen is None:
        return policy
    category = dataclasses.replace(policy.category, model=str(chosen))
    return dataclasses.replace(policy, category=category)


def build_engine(
    settings: Settings,
    policy_path: Path | None = None,
    model: Path | None = None,
    overrides: dict[str, Any] | None = None,
    overrides_source: str = "policy overrides",
) -> Pipeline:
    """The analyzer chain for this installation."""
    return Pipeline(installation_policy(settings, policy_path, model, overrides, overrides_source))
