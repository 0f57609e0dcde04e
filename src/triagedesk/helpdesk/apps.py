"""The helpdesk Django app."""

from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


class HelpdeskConfig(AppConfig):
    name = "triagedesk.helpdesk"
    label = "helpdesk"
    verbose_name = "Helpdesk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_prepare_reference_years, sender=self)


def _prepare_reference_years(using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """This year's and next year's reference sequences, made by the role that migrates."""
    from django.utils import timezone

    from triagedesk.helpdesk.services.references import prepare_years

    if using == DEFAULT_DB_ALIAS:
        year = timezone.now().year
        prepare_years((year, year + 1))
