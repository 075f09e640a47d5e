from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeLog(models.Model):
    """One change to one record: who, when, what, old and new values (CPR masked)."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    actor_repr = models.CharField(_("changed by (name)"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_pk = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        indexes = [
            models.Index(fields=["content_type", "object_pk"], name="changelog_record_idx"),
            models.Index(fields=["municipality", "-at"], name="changelog_municipality_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.object_repr}"


class AccessLog(models.Model):
    """One look at personal data: a record's page or form (``view``), or the rows of a
    list, a search or an export (``list``, ``search``, ``export``: the record type, the
    ids of the records shown in ``object_pks``, the filters and how many rows in
    ``details``). A record's own log (who looked at it, when) is both kinds
    (``fostercare.audit.selectors.access_log_for``)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Listed")
        SEARCH = "search", _("Searched")
        EXPORT = "export", _("Exported")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    user_repr = models.CharField(_("user (name)"), max_length=200)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_pk = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    object_pks = ArrayField(
        models.CharField(max_length=64), verbose_name=_("records shown"), default=list, blank=True
    )
    path = models.CharField(_("page"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default="view")
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["content_type", "object_pk"], name="accesslog_record_idx"),
            models.Index(fields=["user", "-at"], name="accesslog_user_idx"),
            GinIndex(fields=["object_pks"], name="accesslog_records_shown_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_repr} → {self.object_repr}"
