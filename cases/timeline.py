"""Changing a case during its session: timeline items, their cost lines, the session record.

The one module that writes timeline items: create, update, copy (with its preview and its
undo), delete and restore, and the items of an evaluation that a workbook import builds.

Every change is written to the history (a line is recorded inside its item's record, in the
same shape :meth:`TimelineItem.snapshot` gives a deletion) and raises the case's revision, so
that the chair's screen sees it. Two people editing one item are kept apart by its version:
an update only applies to the version the editor started from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from uuid import UUID

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Prefetch
from django.utils import timezone

from cases import live
from cases.models import Case, CostLine, Scenario, TimelineCopy, TimelineItem
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


class Frozen(Exception):
    """The item is the kept forecast of a realised prognose (cases.prognosis): unchangeable."""

    def __init__(self):
        super().__init__(
            "Dit item hoort bij de prognose, die bij het realiseren is vastgelegd: het kan "
            "niet meer worden gewijzigd of verwijderd. Voer het werkelijke verloop als nieuw "
            "item in."
        )


def _bump_for_new_item(case: Case, scenario: Scenario) -> int:
    """Raise the case's revision (see :meth:`Case.bump_revision`) and answer the position
    after the werkwijze's last item, in one statement.

    The save of the entry screen is the session's most frequent request; each statement
    the ORM builds costs it more Python than the database needs to run it, so these two,
    whose shape never changes, are one ``UPDATE … RETURNING`` written out once (SQLite and
    PostgreSQL both run it). On PostgreSQL it also takes the case's row lock before the
    item is written, so that two saves into one case wait for each other from here on.
    """
    with connection.cursor() as cursor:
        cursor.execute(_bump_sql(connection.vendor), [case.pk, case.pk, scenario.pk])
        position, revision = cursor.fetchone()
    # What Case.bump_revision publishes, with the revision already known: nothing to read
    # back once the save commits.
    live.changed_to({case.pk: revision})
    return position


@cache
def _bump_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    cases, items = Case._meta, TimelineItem._meta
    revision = q(cases.get_field("revision").column)
    return (
        # Only the models' own table and column names, quoted; every value is a parameter.
        f"UPDATE {q(cases.db_table)} SET {revision} = {revision} + 1 "  # nosec B608
        f"WHERE {q(cases.pk.column)} = %s RETURNING ("
        f"SELECT COALESCE(MAX({q(items.get_field('position').column)}), 0) + 1 "
        f"FROM {q(items.db_table)} WHERE {q(items.get_field('case').column)} = %s "
        f"AND {q(items.get_field('scenario').column)} = %s), {revision}"
    )


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
                position=_bump_for_new_item(case, fields["scenario"]),
                idempotency_key=key,
                **fields,
            )
            created = CostLine.objects.bulk_create(
                CostLine(item=item, position=n, **line) for n, line in enumerate(lines)
            )
            record_change(user, item, Action.CREATE, after=_item_snapshot(item, created))
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
    if item.is_forecast:
        raise Frozen()
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


@dataclass
class PlannedCopy:
    """One item of a copy before it is written: the source item, the copy as it will be in
    the target werkwijze (unsaved, its end cut at the copy's last day) with its lines, and
    the target's items it overlaps."""

    source: TimelineItem
    copy: TimelineItem
    lines: list[CostLine]
    overlaps: list[TimelineItem]


def plan_copy(case: Case, source: Scenario, target: Scenario, until: date | None = None):
    """What :func:`copy_timeline` would write, without writing anything: the source
    werkwijze's items (those that start on or before ``until``, ending at the latest on
    ``until``), each with the target's items that overlap it: the same price item (or the same
    description) in a period sharing a day — copying those would count that support twice."""
    lines = CostLine.objects.select_related("price_item__financier", "financier")
    items = (
        case.items.filter(scenario=source, is_forecast=False)
        .select_related("scenario")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("position", "pk")
    )
    if until:
        items = items.filter(start__lte=until)
    present = list(
        case.items.filter(scenario=target, is_forecast=False).prefetch_related(
            Prefetch("lines", queryset=lines)
        )
    )
    plan = []
    for item in items:
        copy = TimelineItem(
            case=case,
            scenario=target,
            kind=item.kind,
            start=item.start,
            end=min(item.end, until) if until else item.end,
            description=item.description,
            is_intervention=item.is_intervention,
            label=item.label,
        )
        copied_lines = [CostLine(item=copy, **_line_fields(line)) for line in item.lines.all()]
        plan.append(PlannedCopy(item, copy, copied_lines, _overlapping(copy, item, present)))
    return plan


def _price_items(lines) -> set[int]:
    return {line.price_item_id for line in lines if line.price_item_id}


def _overlapping(copy: TimelineItem, source: TimelineItem, present: list[TimelineItem]):
    """The items among ``present`` in a period that shares a day with ``copy`` and that hold
    one of ``source``'s price items, or bear its description (an earlier copy of the same
    item, or a fixed amount typed twice). Copying such an item counts it twice."""
    prices = _price_items(source.lines.all())
    words = _words(source.description)
    return [
        other
        for other in present
        if other.start <= copy.end
        and copy.start <= other.end
        and (prices & _price_items(other.lines.all()) or _words(other.description) == words)
    ]


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def copy_timeline(
    user,
    case: Case,
    source: Scenario,
    target: Scenario,
    until: date | None = None,
    skip_overlaps: bool = False,
) -> TimelineCopy:
    """Copy the source werkwijze's items as :func:`plan_copy` lists them to the end of the
    target werkwijze (the starting point of the course without the intervention), leaving
    out the overlapping ones with ``skip_overlaps``. The copy remembers its items, so that
    :func:`undo_copy` can take exactly those away again."""
    with transaction.atomic():
        plan = plan_copy(case, source, target, until)
        chosen = [p for p in plan if not (skip_overlaps and p.overlaps)]
        position = _next_position(case, target)
        copies = []
        for n, planned in enumerate(chosen):
            copy = planned.copy
            copy.position = position + n
            copy.save(force_insert=True)
            for line in planned.lines:
                line.item = copy  # now that it has its id
            lines = CostLine.objects.bulk_create(planned.lines)
            record_change(user, copy, Action.CREATE, after=_item_snapshot(copy, lines))
            copies.append(copy)
        made = TimelineCopy.objects.create(
            case=case,
            source=source,
            target=target,
            until=until,
            item_ids=[copy.pk for copy in copies],
            skipped=len(plan) - len(chosen),
        )
        record_change(user, made, Action.CREATE)
        if copies:
            case.bump_revision()
    return made


class AlreadyUndone(ValueError):
    def __init__(self):
        super().__init__("Deze kopie is al ongedaan gemaakt.")


def undo_copy(user, copy: TimelineCopy) -> int:
    """Remove the items ``copy`` made that are still there, whatever was changed in them
    since, each as a deletion in the history (so each can come back from the bin), and mark
    the copy undone. Undone once only: the ``UPDATE … WHERE undone_at IS NULL`` is the
    check, so a second click finds no row. Returns how many items were removed."""
    with transaction.atomic():
        before = snapshot(copy)
        now = timezone.now()
        if not TimelineCopy.objects.filter(pk=copy.pk, undone_at__isnull=True).update(
            undone_at=now
        ):
            raise AlreadyUndone
        copy.undone_at = now
        items = list(
            TimelineItem.objects.filter(case=copy.case_id, pk__in=copy.item_ids).prefetch_related(
                "lines"
            )
        )
        for item in items:
            record_change(user, item, Action.DELETE, before=item.snapshot())
        TimelineItem.objects.filter(pk__in=[item.pk for item in items]).delete()
        record_change(user, copy, Action.UPDATE, before=before)
        Case(pk=copy.case_id).bump_revision()
    return len(items)


def _line_fields(line: CostLine) -> dict:
    return {
        field.attname: getattr(line, field.attname)
        for field in CostLine._meta.concrete_fields
        if field.attname not in ("id", "item_id")
    }


SESSION_FIELDS = (
    "session_date",
    "session_minutes",
    "participant_count",
    "participants",
    "disciplines_present",
)


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
    if item.is_forecast:
        raise Frozen()
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
