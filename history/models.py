"""What happened, kept for good: every change (who, when, before and after) and every access.

Both logs are append-only: the app has no screen that edits or deletes them, and the models
refuse updates and deletes so that no code path can quietly rewrite history. The one way
past that guard is retention under the AVG (cases.retention), through the named methods
``ChangeRecord.objects.anonymise_for_retention``, ``AccessRecord.objects.anonymise_for_retention``
and ``AccessRecord.objects.prune_before``; the retention run records each use in the access log.
"""

from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

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


ANONYMISED = "[geanonimiseerd]"


def _anonymised(model, data):
    if not isinstance(data, dict):
        return data
    # Only the fields the snapshot holds, so that no change appears where there was none.
    return {**data, **{k: v for k, v in model.anonymised_text(data).items() if k in data}}


class ChangeRecordQuerySet(AppendOnlyQuerySet):
    def anonymise_for_retention(self, evaluation) -> int:
        """Replace the free text in the before and after of every change of ``evaluation``,
        as its rows are anonymised: the only code that rewrites a change record. A model says
        what its free text becomes through ``anonymised_text(data)``; records of models
        without it (cost lines, members, werkwijzen) hold no resident text and stay."""
        count = 0
        for record in self.filter(evaluation=evaluation):
            try:
                model = apps.get_model(record.model)
            except LookupError:
                continue
            if not hasattr(model, "anonymised_text"):
                continue
            before, after = _anonymised(model, record.before), _anonymised(model, record.after)
            latest = after if isinstance(after, dict) else before
            names = {field.attname for field in model._meta.concrete_fields}
            shown = model(**{k: v for k, v in (latest or {}).items() if k in names})
            # Past the append-only guard on purpose (see the module's docstring).
            models.QuerySet.update(
                self.filter(pk=record.pk),
                before=before,
                after=after,
                object_repr=str(shown)[:200],
            )
            count += 1
        return count


class AccessRecordQuerySet(AppendOnlyQuerySet):
    def anonymise_for_retention(self, evaluation, texts) -> int:
        """Blank out ``texts`` (e.g. the case titles an anonymised evaluation had) wherever the
        evaluation's access records quote them; the only code that rewrites an access record."""
        texts = sorted({text for text in texts if text}, key=len, reverse=True)
        count = 0
        for record in self.filter(evaluation=evaluation):
            what = record.what
            for text in texts:
                what = what.replace(text, ANONYMISED)
            if what != record.what:
                models.QuerySet.update(self.filter(pk=record.pk), what=what[:300])
                count += 1
        return count

    def prune_before(self, organisation, moment) -> int:
        """Delete the organisation's access records from before ``moment``: the access log's
        own retention, and the only code that deletes an access record."""
        deleted, _ = models.QuerySet.delete(self.filter(organisation=organisation, at__lt=moment))
        return deleted


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

    objects = ChangeRecordQuerySet.as_manager()

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
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(datetime.fromisoformat(value))
        return f"{dutch.dutch_date(moment.date())} {moment:%H:%M}"
    if isinstance(field, models.DateField):
        return dutch.dutch_date(date.fromisoformat(value))
    if isinstance(value, list):  # e.g. the items a timeline copy made, by number
        return ", ".join(f"nr. {element}" for element in value)
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
    # A request with an API token (overview.api): no user; ``what`` names the token.
    API = "api", "opgevraagd via de API"
    # Done by the retention run (cases.retention), with no user: the system.
    RETENTION_NOTICE = "retention_notice", "bericht bewaartermijn verstuurd"
    RETENTION_ANONYMISED = "retention_anonymised", "geanonimiseerd (bewaartermijn)"
    RETENTION_DELETED = "retention_deleted", "verwijderd (bewaartermijn)"
    ACCESS_LOG_PRUNED = "access_log_pruned", "toegangslog opgeschoond"


# What the system itself does; other records without a user are of a deleted account.
SYSTEM_KINDS = frozenset(
    {
        AccessKind.RETENTION_NOTICE,
        AccessKind.RETENTION_ANONYMISED,
        AccessKind.RETENTION_DELETED,
        AccessKind.ACCESS_LOG_PRUNED,
    }
)


class AccessRecord(ScopedLog):
    """Who looked at or took away what, as Dutch municipal systems log for the AVG."""

    kind = models.CharField(max_length=30, choices=AccessKind.choices)
    what = models.CharField(max_length=300)

    objects = AccessRecordQuerySet.as_manager()

    class Meta(ScopedLog.Meta):
        verbose_name = "toegang"
        verbose_name_plural = "toegangslog"

    def __str__(self):
        return f"{self.who} {self.get_kind_display()}: {self.what}"

    @property
    def who(self) -> str:
        if self.user is not None:
            return self.user.get_username()
        if self.kind == AccessKind.API:
            return "(API-token)"
        return "(systeem)" if self.kind in SYSTEM_KINDS else "(verwijderd account)"
