"""What happened, kept for good: every change (who, when, before and after) and every access.

Both logs are append-only: the app has no screen that edits or deletes them, and the models
refuse updates and deletes so that no code path can quietly rewrite history.
"""

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models

from lib import dutch


class AppendOnlyError(Exception):
    pass


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Een logregel wordt nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Een logregel wordt nooit verwijderd.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Een logregel wordt nooit gewijzigd.")

    def delete(self):
        raise AppendOnlyError("Een logregel wordt nooit verwijderd.")


class ScopedLog(AppendOnly):
    """Who did it, when, and where: the organisation, and the evaluation and case if any."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    evaluation = models.ForeignKey(
        "cases.Evaluation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


class Action(models.TextChoices):
    CREATE = "create", "aangemaakt"
    UPDATE = "update", "gewijzigd"
    DELETE = "delete", "verwijderd"
    RESTORE = "restore", "teruggezet"


class ChangeRecord(ScopedLog):
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100)  # app_label.ModelName
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # A restore points at the deletion it undid; a deletion nobody points at is in the bin.
    restores = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="restored_by"
    )

    class Meta(ScopedLog.Meta):
        verbose_name = "wijziging"
        verbose_name_plural = "wijzigingen"
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self):
        return f"{self.object_repr} {self.get_action_display()}"

    IGNORED_FIELDS = frozenset({"id", "version", "created_at", "updated_at", "lines"})
    # Where the record already says it: the case, evaluation or organisation it belongs to.
    SCOPE_FIELDS = frozenset({"case_id", "evaluation_id", "organisation_id", "position"})

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs, bookkeeping left out."""
        before, after = self.before or {}, self.after or {}
        names = [name for name in {**before, **after} if name not in self.IGNORED_FIELDS]
        return [
            (name, before.get(name), after.get(name))
            for name in names
            if before.get(name) != after.get(name)
        ]

    def readable_changes(self, names: dict | None = None) -> list[tuple[str, str, str]]:
        """:meth:`changed_fields` as a person reads them: the field's Dutch name, and values
        as the app writes them (ja/nee, "1 sep 2016", a choice by its label, a decimal comma);
        ``names`` maps a foreign key to {id: name}, e.g. {"scenario_id": {3: "Met VD"}}."""
        try:
            fields = {f.attname: f for f in apps.get_model(self.model)._meta.concrete_fields}
        except LookupError:
            fields = {}
        names = names or {}
        return [
            (
                str(fields[name].verbose_name) if name in fields else name,
                _readable(fields.get(name), before, names.get(name)),
                _readable(fields.get(name), after, names.get(name)),
            )
            for name, before, after in self.changed_fields()
            if name not in self.SCOPE_FIELDS
        ]


def _readable(field, value, names: dict | None) -> str:
    if value is None or value == "":
        return "—"
    if names is not None:
        return names.get(value, f"nr. {value}")
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "ja" if value else "nee"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return dutch.dutch_date(date.fromisoformat(value))
    if isinstance(field, models.DecimalField):
        return dutch.number(Decimal(value))
    return str(value)


class AccessKind(models.TextChoices):
    VIEW_CASE = "view_case", "casus bekeken"
    VIEW_EVALUATION = "view_evaluation", "evaluatie bekeken"
    VIEW_REPORT = "view_report", "rapport bekeken"
    DOWNLOAD_REPORT = "download_report", "rapport gedownload"
    DOWNLOAD_WORKBOOK = "download_workbook", "werkmap gedownload"
    EXPORT = "export", "geëxporteerd"


class AccessRecord(ScopedLog):
    """Who looked at or took away what, as Dutch municipal systems log for the AVG."""

    kind = models.CharField(max_length=30, choices=AccessKind.choices)
    what = models.CharField(max_length=300)

    class Meta(ScopedLog.Meta):
        verbose_name = "toegang"
        verbose_name_plural = "toegangslog"

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}: {self.what}"
