"""Writing the change history and the access log.

Domain code calls these functions at the point where it changes something, with the user who
did it; there are no signals, so every record is visible at its call site.
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import models, transaction

from history.models import AccessRecord, Action, ChangeRecord


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def snapshot(obj: models.Model) -> dict:
    """The object's own field values, JSON-safe (foreign keys as their ids)."""
    return {
        field.attname: _json_value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
    }


def _scope(obj) -> dict:
    """The organisation, evaluation and case an object belongs to, for filtering the logs."""
    case = getattr(obj, "case", None)
    if obj._meta.label == "cases.Case":
        case = obj
    evaluation = case.evaluation if case else getattr(obj, "evaluation", None)
    if obj._meta.label == "cases.Evaluation":
        evaluation = obj
    organisation = evaluation.organisation if evaluation else getattr(obj, "organisation", None)
    if obj._meta.label == "accounts.Organisation":
        organisation = obj
    return {"organisation": organisation, "evaluation": evaluation, "case": case}


def record_change(
    user, obj: models.Model, action: str, before=None, after=None, restores=None
) -> ChangeRecord:
    if after is None and action in (Action.CREATE, Action.UPDATE, Action.RESTORE):
        after = snapshot(obj)
    return ChangeRecord.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        model=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        restores=restores,
        **_scope(obj),
    )


def record_access(
    user, kind: str, evaluation=None, case=None, what: str = "", organisation=None
) -> AccessRecord:
    """Log a view or download; ``organisation`` only where there is no evaluation."""
    return AccessRecord.objects.create(
        organisation=organisation or evaluation.organisation,
        evaluation=evaluation,
        case=case,
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        what=(what or str(case or evaluation))[:300],
    )


def from_snapshot(model, data: dict):
    """An unsaved instance with the field values a :func:`snapshot` kept."""
    return model(
        **{
            field.attname: field.to_python(data[field.attname])
            for field in model._meta.concrete_fields
            if field.attname in data
        }
    )


def ensure_restorable(record: ChangeRecord, model, what: str) -> None:
    """Raise ValueError (in Dutch) unless ``record`` is a deletion of ``model`` still in the
    bin; ``what`` names the object for the message, e.g. "Dit item"."""
    if record.action != Action.DELETE or record.model != model._meta.label:
        raise ValueError(f"{what} staat niet in de prullenbak.")
    if ChangeRecord.objects.filter(restores=record).exists():
        raise ValueError(f"{what} is al teruggezet.")


def in_bin(model_label: str, **scope):
    """Deletions of this model that have not been restored, newest first."""
    return ChangeRecord.objects.filter(
        action=Action.DELETE, model=model_label, restored_by__isnull=True, **scope
    )


def save_form(user, form) -> models.Model:
    """Save a valid model form and record the change, before and after: the way a screen
    that edits one object keeps the history. ``before`` is read from the database, because
    validating the form has already changed the instance it holds."""
    instance = form.instance
    before = snapshot(type(instance).objects.get(pk=instance.pk))
    with transaction.atomic():
        saved = form.save()
        record_change(user, saved, Action.UPDATE, before=before)
    return saved
