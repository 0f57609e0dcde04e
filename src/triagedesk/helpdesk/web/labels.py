"""The pages' names for the values a ticket holds, in the agent's language.

The models keep English labels (the admin and the API use them); the pages show these instead.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from triagedesk.helpdesk.models import Level, MessageKind, Status
from triagedesk.helpdesk.services.review import CONFIRMED, CORRECTED

LEVELS: dict[str, Promise] = {
    Level.CRITICAL: pgettext_lazy("priority", "Critical"),
    Level.HIGH: pgettext_lazy("priority", "High"),
    Level.MEDIUM: pgettext_lazy("priority", "Medium"),
    Level.LOW: pgettext_lazy("priority", "Low"),
}
STATUSES: dict[str, Promise] = {
    Status.NEW: pgettext_lazy("status", "New"),
    Status.OPEN: pgettext_lazy("status", "Open"),
    Status.PENDING: pgettext_lazy("status", "Pending (waiting on customer)"),
    Status.ON_HOLD: pgettext_lazy("status", "On hold"),
    Status.SOLVED: pgettext_lazy("status", "Solved"),
    Status.CLOSED: pgettext_lazy("status", "Closed"),
}
KINDS: dict[str, Promise] = {
    MessageKind.INBOUND: pgettext_lazy("message", "From the customer"),
    MessageKind.OUTBOUND: pgettext_lazy("message", "Reply to the customer"),
    MessageKind.NOTE: pgettext_lazy("message", "Internal note"),
}
SENTIMENTS: dict[str, Promise] = {
    "very_negative": _("very negative"),
    "negative": _("negative"),
    "neutral": _("neutral"),
    "positive": _("positive"),
}
# The points model's factors (triage/analyzers/priority.py and the policy's signal kinds).
FACTORS: dict[str, Promise] = {
    "customer_value": _("customer value"),
    "business_impact": _("business impact"),
    "time_criticality": _("time criticality"),
    "escalation_risk": _("escalation risk"),
    "repeat_contact": _("repeat contact"),
    "security": _("security"),
    "sentiment": _("sentiment"),
}
# The fields an audit event can name, as the history shows them.
FIELDS: dict[str, Promise] = {
    "category": _("category"),
    "sub_category": _("sub-category"),
    "level": _("priority"),
    "team": _("team"),
    "status": _("status"),
    "assignee": _("assignee"),
    "needs_review": _("needs review"),
    "first_response_at": _("first reply"),
}
YES_NO: dict[str, Promise] = {"True": _("yes"), "False": _("no")}
# The reasons the services give for their own changes (an agent's reasons are shown as typed).
WHY: dict[str, Promise] = {
    "triaged on arrival": _("triaged on arrival"),
    "first reply sent": _("first reply sent"),
    CONFIRMED: _("confirmed in review"),
    CORRECTED: _("corrected in review"),
}
# The category analyzer's review reason (triage/analyzers/category.py); other reasons stay as written.
UNSURE_CATEGORY = re.compile(r"^category confidence (?P<confidence>\d+)% is below (?P<limit>\d+)%")


def choices(names: dict[str, Promise]) -> list[tuple[str, Promise]]:
    """(value, translated name) pairs for a <select>, in the models' order."""
    return list(names.items())


def value_name(field: str, value: str) -> str:
    """A stored value as the history shows it: priorities, statuses, flags and times."""
    if field.endswith("_at") and value:
        return _moment(value)
    names = {"level": LEVELS, "status": STATUSES, "needs_review": YES_NO}.get(field, {})
    return str(names.get(value, value))


def breakdown(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points breakdown with each factor's name; the engine's own words stay as `detail`."""
    return [
        {**reason, "name": str(FACTORS.get(reason.get("factor", ""), reason.get("detail", "")))}
        for reason in reasons
    ]


def why_text(why: str) -> str:
    """An audit event's reason: the services' own reasons translated, people's as written."""
    return str(WHY.get(why, why))


def review_reason(reason: str) -> str:
    """Why the engine sent a ticket to review, in the agent's language when the reason is known."""
    unsure = UNSURE_CATEGORY.match(reason)
    if unsure is None:
        return reason
    return (
        gettext(
            "The category is uncertain: %(confidence)s %% confidence, under the review limit of "
            "%(limit)s %%."
        )
        % unsure.groupdict()
    )


def _moment(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")
