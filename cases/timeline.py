"""Changing a case during its session: timeline items, their cost lines, the session record.

The one module that writes timeline items: create, update, copy, delete and restore, and the
items of an evaluation that a workbook import builds.

Every change is written to the history (a line is recorded inside its item's record, in the
same shape :meth:`TimelineItem.snapshot` gives a deletion) and raises the case's revision, so
that the chair's screen sees it. Two people editing one item are kept apart by its version:
an update only applies to the version the editor started from.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Prefetch
from django.utils import timezone

from cases.models import Case, CostLine, Scenario, TimelineItem
from history.models import Action, ChangeRecord
from history.recorder import ensure_restorable, from_snapshot, record_change, snapshot


class Conflict(Exception):
    """Someone else saved the item first; ``current`` is what is there now (None: deleted)."""

    def __init__(self, current: TimelineItem | None):
        super().__init__("Dit item is intussen door iemand anders gewijzigd.")
        self.current = current


def _with_lines(item: TimelineItem, lines: list[CostLine]) -> TimelineItem:
    # Lines as just written, so that rendering and snapshots need no further query.
    for line in lines:
        line.item = item
    item._prefetched_objects_cache = {"lines": lines}
    return item


def _item_snapshot(item: TimelineItem, lines: list[CostLine]) -> dict:
    return {**snapshot(item), "lines": [snapshot(line) for line in lines]}


def _next_position(case: Case, scenario: Scenario) -> int:
    # Per werkwijze, so the (case, scenario, position) index answers it without a scan.
    last = case.items.filter(scenario=scenario).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


class KeyElsewhere(Exception):
    """The idempotency key of a new item belongs to an item of another case."""

    def __init__(self):
        super().__init__(
            "Dit item is met een sleutel verstuurd die al bij een andere casus hoort. "
            "Sla het opnieuw op: het krijgt dan een nieuwe sleutel."
        )


def create_item(
    user, case: Case, fields: dict, lines: list[dict], key: UUID | None = None
) -> tuple[TimelineItem, bool]:
    """A new item at the end of its werkwijze, with its cost lines; and whether it is new.

    ``key`` is the idempotency key the browser made for the item: when an item of this case
    already has it, the save was sent twice (a retry whose first answer was lost) and that
    item is the answer, unchanged. The unique index decides, so the usual save costs no
    extra query and two copies of one save arriving at once still make one item. A key of
    another case raises :class:`KeyElsewhere`.
    """
    try:
        with transaction.atomic():
            item = TimelineItem.objects.create(
                case=case,
                position=_next_position(case, fields["scenario"]),
                idempotency_key=key,
                **fields,
            )
            created = CostLine.objects.bulk_create(
                CostLine(item=item, position=n, **line) for n, line in enumerate(lines)
            )
            record_change(user, item, Action.CREATE, after=_item_snapshot(item, created))
            case.bump_revision()
    except IntegrityError:
        earlier = TimelineItem.objects.filter(idempotency_key=key).first() if key else None
        if earlier is None:
            raise
        if earlier.case_id != case.pk:
            raise KeyElsewhere() from None
        return current_item(earlier.pk), False
    return _with_lines(item, created), True


def current_item(pk: int) -> TimelineItem | None:
    lines = CostLine.objects.select_related("price_item__financier", "financier")
    return (
        TimelineItem.objects.select_related("scenario")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .filter(pk=pk)
        .first()
    )


def update_item(user, item: TimelineItem, version: int, fields: dict, lines: list[dict]):
    """Apply the edit if nobody saved the item since ``version``; else raise :class:`Conflict`.

    The ``UPDATE … WHERE version = …`` is the check: of two editors who started from the
    same version, only the first one's update finds its row.
    """
    with transaction.atomic():
        before = item.snapshot()
        now = timezone.now()
        updated = TimelineItem.objects.filter(pk=item.pk, version=version).update(
            **fields, version=F("version") + 1, updated_at=now
        )
        if not updated:
            raise Conflict(current_item(item.pk))
        item.lines.all().delete()
        created = CostLine.objects.bulk_create(
            CostLine(item=item, position=n, **line) for n, line in enumerate(lines)
        )
        for name, value in fields.items():
            setattr(item, name, value)
        item.version, item.updated_at = version + 1, now
        record_change(user, item, Action.UPDATE, before=before, after=_item_snapshot(item, created))
        item.case.bump_revision()
    return _with_lines(item, created)


def copy_timeline(
    user, case: Case, source: Scenario, target: Scenario, until: date | None = None
) -> list[TimelineItem]:
    """Copy the source werkwijze's items (those that start on or before ``until``, ending at
    the latest on ``until``) to the end of the target werkwijze: the starting point of the
    course without the intervention."""
    items = case.items.filter(scenario=source).prefetch_related("lines").order_by("position")
    if until:
        items = items.filter(start__lte=until)
    with transaction.atomic():
        position = _next_position(case, target)
        copies = []
        for n, item in enumerate(items):
            copy = TimelineItem.objects.create(
                case=case,
                scenario=target,
                kind=item.kind,
                start=item.start,
                end=min(item.end, until) if until else item.end,
                description=item.description,
                is_intervention=item.is_intervention,
                label=item.label,
                position=position + n,
            )
            created = CostLine.objects.bulk_create(
                CostLine(item=copy, **_line_fields(line)) for line in item.lines.all()
            )
            record_change(user, copy, Action.CREATE, after=_item_snapshot(copy, created))
            copies.append(copy)
        if copies:
            case.bump_revision()
    return copies


def _line_fields(line: CostLine) -> dict:
    return {
        field.attname: getattr(line, field.attname)
        for field in CostLine._meta.concrete_fields
        if field.attname not in ("id", "item_id")
    }


SESSION_FIELDS = ("session_date", "session_minutes", "participant_count", "disciplines_present")


def update_session_record(user, case: Case, fields: dict) -> Case:
    """Date, duration, participants and disciplines present of the case's session."""
    with transaction.atomic():
        before = snapshot(case)
        for name in SESSION_FIELDS:
            setattr(case, name, fields[name])
        case.save(update_fields=SESSION_FIELDS)
        record_change(user, case, Action.UPDATE, before=before)
        case.bump_revision()
    return case


def delete_item(user, item: TimelineItem) -> ChangeRecord:
    """Delete, keeping a snapshot in the history from which :func:`restore_item` undoes it."""
    with transaction.atomic():
        record = record_change(user, item, Action.DELETE, before=item.snapshot())
        item.delete()
        Case(pk=item.case_id).bump_revision()
    return record


def restore_item(user, record: ChangeRecord) -> TimelineItem:
    """Bring back a deleted item with its id, fields and cost lines as they were."""
    ensure_restorable(record, TimelineItem, "Dit item")
    data = dict(record.before)
    lines = data.pop("lines")
    with transaction.atomic():
        item = from_snapshot(TimelineItem, data)
        if not Case.objects.filter(pk=item.case_id).exists():
            raise ValueError("De casus van dit item bestaat niet meer.")
        item.save(force_insert=True)
        # auto_now(_add) stamped the insert with now; put the original times back.
        original = from_snapshot(TimelineItem, data)
        TimelineItem.objects.filter(pk=item.pk).update(
            created_at=original.created_at, updated_at=original.updated_at
        )
        item.created_at, item.updated_at = original.created_at, original.updated_at
        CostLine.objects.bulk_create(from_snapshot(CostLine, line) for line in lines)
        record_change(user, item, Action.RESTORE, restores=record)
        Case(pk=item.case_id).bump_revision()
    return item


def add_imported_items(items) -> None:
    """The items of a new evaluation from a workbook, each with its cost lines, in two
    statements. The import is one change of its own (the evaluation appears whole), so the
    items get no history record each and no case is being watched yet."""
    items = list(items)
    TimelineItem.objects.bulk_create([item for item, _lines in items])
    for item, lines in items:
        for line in lines:
            line.item = item
    CostLine.objects.bulk_create([line for _item, lines in items for line in lines])
