"""The helpdesk Django app."""

from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "triagedesk.helpdesk"
    label = "helpdesk"
    verbose_name = "Helpdesk"
    default_auto_field = "django.db.models.BigAutoField"
