"""The admin's policy form: weights, thresholds, SLA targets and taxonomy as fields, the rest as TOML.

The form starts from a policy version (the newest, or one being restored). A field the admin
changes is written into that version's overrides, replacing the same key in the TOML text;
a value put back to what the policy files say is dropped from the overrides. The result is
checked by building the engine with it, so what the engine refuses is refused here, on the
field it came from, with the key and what was expected.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from triagedesk.errors import PolicyError, TriagedeskError
from triagedesk.helpdesk.models import PolicyVersion
from triagedesk.helpdesk.services.engine import (
    build_with_overrides,
    parse_overrides,
    policy_with,
)
from triagedesk.triage.policy import Policy

Key = tuple[str, ...]
TAXONOMY: Key = ("category", "taxonomy")
CATEGORY_TEAMS: Key = ("route", "category_teams")

GROUPS = {
    "levels": _("Priority levels: the minimum points of each level"),
    "thresholds": _("Thresholds: review below this category confidence; sentiment labels"),
    "tiers": _("Points: customer value by tier"),
    "sentiment": _("Points: sentiment"),
    "signals": _("Points: signals (within a kind only the strongest matched sub-kind counts)"),
    "first_response": _(
        "SLA: first response (15m, 2h, 1d on the clock; 4bh business hours, 1bd business days)"
    ),
    "resolution": _("SLA: resolution"),
}


@dataclass(frozen=True)
class PolicyField:
    """A policy value edited as its own form field."""

    key: Key
    group: str
    # What is written when the value changes: the key itself, or the open table it lies in
    # (open tables are replaced whole when overridden, see docs/policy.md).
    table: Key
    target: bool = False  # an SLA target like "2h", not a number

    @property
    def name(self) -> str:
        return "__".join(self.key)

    @property
    def dotted(self) -> str:
        return ".".join(self.key)


def policy_fields(policy: Policy) -> list[PolicyField]:
    """The fields for the levels, thresholds, points and SLA targets of `policy`."""
    priority, levels = policy.priority, ("priority", "levels")
    tiers = ("priority", "tier_points")
    found = [
        PolicyField((*levels, name), str(GROUPS["levels"]), levels) for name in priority.levels
    ]
    for key in (
        ("category", "review_below"),
        ("sentiment", "very_negative_below"),
        ("sentiment", "negative_below"),
        ("sentiment", "positive_above"),
    ):
        found.append(PolicyField(key, str(GROUPS["thresholds"]), key))
    found += [
        PolicyField((*tiers, tier), str(GROUPS["tiers"]), tiers) for tier in priority.tier_points
    ]
    for label in priority.sentiment_points:
        key = ("priority", "sentiment_points", label)
        found.append(PolicyField(key, str(GROUPS["sentiment"]), key))
    for kind, subs in priority.signal_points.items():
        for sub in subs:
            key = ("priority", "signal_points", kind, sub)
            found.append(PolicyField(key, str(GROUPS["signals"]), key))
    for table, group in (("first_response", "first_response"), ("resolution", "resolution")):
        for level in getattr(policy.sla, table):
            key = ("sla", table, level)
            found.append(PolicyField(key, str(GROUPS[group]), key, target=True))
    return found


def _at(table: dict[str, Any], key: Key) -> Any:
    node: Any = table
    for part in key:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _put(overrides: dict[str, Any], key: Key, value: Any, files_value: Any) -> None:
    """Set `key` to `value` in the overrides, or drop it when the policy files say the same."""
    parents = [overrides]
    for part in key[:-1]:
        node = parents[-1].setdefault(part, {})
        if not isinstance(node, dict):
            return  # the TOML sets a value where a table belongs: the check reports it
        parents.append(node)
    if value != files_value:
        parents[-1][key[-1]] = value
        return
    parents[-1].pop(key[-1], None)
    for part, parent in zip(reversed(key[:-1]), reversed(parents[:-1]), strict=True):
        if parent[part]:
            break
        del parent[part]


def taxonomy_text(policy: Policy) -> str:
    """The taxonomy as lines `id | name | sub, sub | team`."""
    teams = policy.route.category_teams
    return "\n".join(
        f"{cid} | {c.name} | {', '.join(c.subs)} | {teams.get(cid, '')}".rstrip(" |")
        for cid, c in policy.category.taxonomy.items()
    )


def parse_taxonomy(text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The taxonomy and category teams from lines `id | name | sub, sub | team`."""
    taxonomy: dict[str, Any] = {}
    teams: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) not in (3, 4) or not parts[0] or not parts[1]:
            raise forms.ValidationError(
                _(
                    "line %(number)s: expected 'id | name | sub, sub | team' (the team may be left out)"
                ),
                params={"number": number},
            )
        subs = [sub.strip() for sub in parts[2].split(",") if sub.strip()]
        taxonomy[parts[0]] = {"name": parts[1], "subs": subs}
        if len(parts) == 4 and parts[3]:
            teams[parts[0]] = parts[3]
    if not taxonomy:
        raise forms.ValidationError(_("the taxonomy needs at least one category"))
    return taxonomy, teams


class PolicyVersionForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new policy version; `policy_form` adds the fields of the version it starts from."""

    fields_of_policy: ClassVar[list[PolicyField]] = []
    policy_in_files: ClassVar[dict[str, Any]] = {}
    policy_shown: ClassVar[dict[str, Any]] = {}

    class Meta:
        model = PolicyVersion
        fields = ("reason", "overrides")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "reason": forms.Textarea(attrs={"rows": 2, "cols": 90})
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        written: dict[Key, str] = {}
        try:
            overrides = parse_overrides(cleaned.get("overrides", ""))
        except PolicyError as exc:
            self.add_error("overrides", str(exc))
            return cleaned
        self._apply_fields(overrides, cleaned, written)
        self._apply_taxonomy(overrides, cleaned, written)
        try:
            build_with_overrides(overrides)
        except TriagedeskError as exc:
            self.add_error(_field_for(str(exc), written), str(exc))
            return cleaned
        cleaned["overrides"] = dump_toml(overrides)
        return cleaned

    def _apply_fields(
        self, overrides: dict[str, Any], cleaned: dict[str, Any], written: dict[Key, str]
    ) -> None:
        tables: dict[Key, list[PolicyField]] = {}
        for item in self.fields_of_policy:
            tables.setdefault(item.table, []).append(item)
        for table, items in tables.items():
            if table == items[0].key:
                value: Any = cleaned[items[0].name]
            else:
                value = {item.key[-1]: cleaned[item.name] for item in items}
            if value != _at(self.policy_shown, table):
                _put(overrides, table, value, _at(self.policy_in_files, table))
                written.update({item.key: item.name for item in items})

    def _apply_taxonomy(
        self, overrides: dict[str, Any], cleaned: dict[str, Any], written: dict[Key, str]
    ) -> None:
        taxonomy, teams = parse_taxonomy(cleaned.get("taxonomy", ""))
        for table, value in ((TAXONOMY, taxonomy), (CATEGORY_TEAMS, teams)):
            if value != _at(self.policy_shown, table):
                _put(overrides, table, value, _at(self.policy_in_files, table))
                written[table] = "taxonomy"

    def clean_taxonomy(self) -> str:
        text: str = self.cleaned_data.get("taxonomy", "")
        parse_taxonomy(text)
        return text


def _field_for(message: str, written: dict[Key, str]) -> str:
    """The field whose value the engine refused: the changed field under the key, else the TOML."""
    match = re.search(r"\[([^\]]+)\]", message)
    if match is None:
        return "overrides"
    key = tuple(match.group(1).split("."))
    for length in range(len(key), 0, -1):
        if key[:length] in written:
            return written[key[:length]]
    return "overrides"


def policy_form(based_on: PolicyVersion | None) -> type[PolicyVersionForm]:
    """The form for a new version that starts from `based_on` (None: from the policy files)."""
    files = policy_with("")
    text = based_on.overrides if based_on else ""
    try:
        shown = policy_with(text, f"admin policy version {based_on.pk}") if based_on else files
    except TriagedeskError:
        shown = files  # refused by policy files changed since; the TOML below still shows it
    attrs: dict[str, Any] = {
        "fields_of_policy": policy_fields(shown),
        "policy_in_files": dataclasses.asdict(files),
        "policy_shown": dataclasses.asdict(shown),
        "overrides": forms.CharField(
            label=_("All overrides (TOML)"),
            required=False,
            initial=text,
            widget=forms.Textarea(attrs={"rows": 14, "cols": 90, "spellcheck": "false"}),
            help_text=_(
                "The same keys as a policy file (docs/policy.md), laid over the policy files. "
                "A field above that you change replaces the same key here."
            ),
        ),
        "taxonomy": forms.CharField(
            label=_("Categories"),
            initial=taxonomy_text(shown),
            widget=forms.Textarea(attrs={"rows": 10, "cols": 90, "spellcheck": "false"}),
            help_text=_(
                "One category a line: id | name | sub-category ids, comma-separated | team. "
                "[category.taxonomy] and [route.category_teams]"
            ),
        ),
    }
    attrs["based_on"] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, initial=based_on.pk if based_on else None
    )
    for item in attrs["fields_of_policy"]:
        attrs[item.name] = _form_field(item, _at(attrs["policy_shown"], item.key))
    return type(PolicyVersionForm)("PolicyForm", (PolicyVersionForm,), attrs)  # type: ignore[no-any-return]


def _form_field(item: PolicyField, initial: Any) -> forms.Field:
    label = item.key[-1] if len(item.key) < 4 else f"{item.key[-2]}: {item.key[-1]}"
    help_text = f"[{item.dotted}]"
    if item.target:
        return forms.CharField(
            label=label,
            initial=initial,
            help_text=help_text,
            error_messages={"required": f"[{item.dotted}] expected a target like 2h"},
        )
    expected = f"[{item.dotted}] expected a number"
    return forms.FloatField(
        label=label,
        initial=initial,
        help_text=help_text,
        error_messages={"required": expected, "invalid": expected},
    )


def dump_toml(table: dict[str, Any]) -> str:
    """`table` as TOML text (the values a policy holds: tables, lists, text, numbers, booleans)."""
    lines: list[str] = []
    _dump_table(lines, (), table)
    return "\n".join(lines).strip() + "\n" if lines else ""


def _dump_table(lines: list[str], where: Key, table: dict[str, Any]) -> None:
    values = {k: v for k, v in table.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in table.items() if isinstance(v, dict)}
    if where and (values or not tables):
        lines += ["", f"[{'.'.join(_toml_key(part) for part in where)}]"]
    lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in values.items()]
    for key, value in tables.items():
        _dump_table(lines, (*where, key), value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"a policy holds no {type(value).__name__} values")
