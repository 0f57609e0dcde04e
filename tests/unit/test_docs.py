import importlib.util
from pathlib import Path

from triagedesk.conf import SETTINGS

REPO = Path(__file__).resolve().parents[2]


def _cli_docs_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_docs", REPO / "tools" / "cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_matches_the_commands_help() -> None:
    module = _cli_docs_module()
    assert module.DOC.read_text(encoding="utf-8") == module.render(), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in readme]
    assert not missing, f"settings missing from README.md: {missing}"


def test_allowed_hosts_are_read_as_a_comma_separated_list() -> None:
    from triagedesk.conf import load_settings

    settings = load_settings({"TRIAGEDESK_ALLOWED_HOSTS": " helpdesk.example.se, ,10.0.0.5 "})
    assert settings.allowed_hosts == ("helpdesk.example.se", "10.0.0.5")
    assert load_settings({}).allowed_hosts == ()
