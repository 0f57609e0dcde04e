"""The installation's policy overrides, kept as versions: who changed what, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    """One saved state of the admin's policy overrides; the newest one is in force.

    Rows are never changed or deleted: the table is the policy's audit trail, and an older
    state comes back by saving it again as a new version.
    """

    overrides = models.TextField(
        _("overrides (TOML)"),
        blank=True,
        help_text=_(
            "Laid over the policy files, key by key; the same keys as a policy file "
            "(docs/policy.md). Empty: the files alone."
        ),
    )
    reason = models.TextField(_("reason"), help_text=_("Why the policy changes (kept with it)."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    author_label = models.CharField(_("changed by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
