"""Retention under the AVG: what happens to an evaluation when its retention period is over.

An evaluation is kept for its own period, or else its organisation's, counted from the last
change anyone made to it: to the evaluation itself, to one of its cases, or to a timeline (the
change history knows every one of those, and ``updated_at`` the rest). Looking at it does not
count. A month before the end its effectencalculateurs get a notice, by e-mail and on its page;
nothing is anonymised or deleted sooner than a month after that notice, so an evaluation found
overdue (after a longer period was shortened, or on the first run) still gets its month. A
change after the notice starts a new period, and so a new notice later.

When it is due, the organisation's choice applies: anonymise (every free text that can name a
resident goes, every figure stays) or delete. The access log has its own period per
organisation. Every step is recorded in the access log, with no user: the system.

:func:`plan` says what is due and changes nothing; :func:`carry_out` does exactly those steps.
The management command ``apply_retention`` (a daily timer) runs one after the other, or with
``--dry-run`` only the first.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import DateTimeField, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, RetentionAction
from cases import live
from cases.access import chairs
from cases.models import Case, Evaluation, OutcomeScore, TimelineItem
from history.models import AccessKind, AccessRecord, ChangeRecord
from history.recorder import record_access, snapshot
from lib.dutch import dutch_date

NOTICE_MONTHS = 1
_MIDNIGHT = datetime.min.time()

NOTICE = "notice"
ANONYMISE = "anonymise"
DELETE = "delete"
PRUNE = "prune"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), or the month's last day where it has none
    (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def with_last_change(evaluations):
    """``evaluations`` annotated with ``last_change_at``: the latest of the evaluation's own
    ``updated_at``, any change record of it (its cases, timelines, werkwijzen, members) and
    any timeline item's ``updated_at``."""
    changes = ChangeRecord.objects.filter(evaluation=OuterRef("pk")).values("evaluation")
    items = TimelineItem.objects.filter(case__evaluation=OuterRef("pk")).values("case__evaluation")
    updated = F("updated_at")
    return evaluations.annotate(
        last_change_at=Greatest(
            updated,
            Coalesce(Subquery(changes.annotate(last=Max("at")).values("last")[:1]), updated),
            Coalesce(Subquery(items.annotate(last=Max("updated_at")).values("last")[:1]), updated),
            output_field=DateTimeField(),
        )
    )


def with_last_change_of(evaluation: Evaluation) -> Evaluation:
    """The evaluation, given its ``last_change_at`` (see :func:`with_last_change`)."""
    evaluation.last_change_at = (
        with_last_change(Evaluation.objects.filter(pk=evaluation.pk))
        .values_list("last_change_at", flat=True)
        .get()
    )
    return evaluation


@dataclass(frozen=True)
class Schedule:
    """Where an evaluation stands in its retention period (dates in the Dutch time zone)."""

    action: str  # RetentionAction
    expires_on: date
    notice_from: date
    notice_valid: bool  # a notice went out for the current period
    due_on: date  # when the action happens (once a notice went out, else its earliest)

    @property
    def action_word(self) -> str:
        return "verwijderd" if self.action == RetentionAction.DELETE else "geanonimiseerd"


def _local(moment: datetime) -> date:
    return timezone.localdate(moment)


def schedule(evaluation: Evaluation, today: date) -> Schedule | None:
    """The evaluation's schedule; it needs ``last_change_at`` (:func:`with_last_change`)
    and its organisation. None when nothing is left to do (anonymised, and the organisation
    anonymises)."""
    organisation = evaluation.organisation
    action = organisation.retention_action
    if evaluation.anonymised_at and action == RetentionAction.ANONYMISE:
        return None
    months = evaluation.retention_months or organisation.retention_months
    expires_on = add_months(_local(evaluation.last_change_at), months)
    notice_from = add_months(expires_on, -NOTICE_MONTHS)
    sent = evaluation.retention_notice_sent_at
    # A notice announces this period's step; one sent before an anonymisation announced that
    # anonymisation, so a later deletion (the organisation switched) needs a notice of its own.
    notice_valid = (
        sent is not None
        and _local(sent) >= notice_from
        and (evaluation.anonymised_at is None or sent > evaluation.anonymised_at)
    )
    earliest = add_months(_local(sent) if notice_valid else today, NOTICE_MONTHS)
    return Schedule(action, expires_on, notice_from, notice_valid, max(expires_on, earliest))


def notice(evaluation: Evaluation, today: date | None = None) -> str:
    """The Dutch sentence the evaluation's page and the list show once the notice went out;
    "" before that."""
    found = schedule(evaluation, today or timezone.localdate())
    if found is None or not found.notice_valid:
        return ""
    return (
        f"Deze evaluatie wordt op {dutch_date(found.due_on)} {found.action_word} "
        "(bewaartermijn). Wijzig de termijn bij ‘Marges en verloop’ van de evaluatie, of wijzig "
        "de evaluatie: elke wijziging laat de termijn opnieuw beginnen."
    )


@dataclass(frozen=True)
class Step:
    """One thing the retention run does."""

    kind: str  # NOTICE, ANONYMISE, DELETE or PRUNE
    organisation_id: int
    title: str  # the evaluation's, or the organisation's name for PRUNE
    evaluation_id: int | None = None
    on: date | None = None  # NOTICE: the day the action will happen
    before: datetime | None = None  # PRUNE: records from before this moment go
    count: int = 0  # PRUNE: how many
    action_word: str = ""

    def describe(self) -> str:
        """One Dutch line, the same for the dry run and the real one."""
        if self.kind == NOTICE:
            return (
                f"Bericht aan de effectencalculateurs van ‘{self.title}’: op "
                f"{dutch_date(self.on)} wordt deze evaluatie {self.action_word}."
            )
        if self.kind == ANONYMISE:
            return f"Evaluatie ‘{self.title}’ anonimiseren (nr. {self.evaluation_id})."
        if self.kind == DELETE:
            return f"Evaluatie ‘{self.title}’ verwijderen (nr. {self.evaluation_id})."
        return (
            f"Toegangslog van {self.title}: {self.count} regel(s) van vóór "
            f"{dutch_date(_local(self.before))} verwijderen."
        )


def plan(now: datetime) -> list[Step]:
    """Everything that is due at ``now``, in order: notices, anonymisations and deletions,
    then the access logs. Changes nothing."""
    today = _local(now)
    steps: list[Step] = []
    evaluations = with_last_change(Evaluation.objects.select_related("organisation")).order_by(
        "organisation_id", "pk"
    )
    for evaluation in evaluations:
        found = schedule(evaluation, today)
        if found is None:
            continue
        common = {
            "organisation_id": evaluation.organisation_id,
            "title": evaluation.title,
            "evaluation_id": evaluation.pk,
        }
        if today >= found.notice_from and not found.notice_valid:
            steps.append(Step(NOTICE, on=found.due_on, action_word=found.action_word, **common))
        elif found.notice_valid and today >= found.due_on:
            kind = DELETE if found.action == RetentionAction.DELETE else ANONYMISE
            steps.append(Step(kind, **common))
    for organisation in Organisation.objects.order_by("pk"):
        cutoff = add_months(today, -organisation.access_log_retention_months)
        before = timezone.make_aware(datetime.combine(cutoff, _MIDNIGHT))
        count = AccessRecord.objects.filter(organisation=organisation, at__lt=before).count()
        if count:
            name = organisation.name
            steps.append(Step(PRUNE, organisation.pk, name, before=before, count=count))
    return steps


def carry_out(steps: list[Step], now: datetime) -> list[str]:
    """Do ``steps`` (from :func:`plan` at ``now``), each in its own transaction, and say in
    Dutch what was done, one line per step."""
    done = []
    for step in steps:
        with transaction.atomic():
            done.append(_DO[step.kind](step, now))
    return done


def _send_notice(step: Step, now: datetime) -> str:
    evaluation = Evaluation.objects.select_related("organisation").get(pk=step.evaluation_id)
    people = chairs(evaluation)
    addresses = sorted({person.user.email for person in people if person.user.email})
    path = reverse("cases:margins", args=[evaluation.slug])
    body = (
        f"De evaluatie ‘{evaluation.title}’ is lang niet gewijzigd. Op {dutch_date(step.on)} "
        f"wordt zij {step.action_word}: dat is de bewaartermijn volgens de AVG. "
        f"{_what_happens(step.action_word)}\n\n"
        f"Wilt u haar langer bewaren, wijzig dan de bewaartermijn bij ‘Marges en verloop’ "
        f"({settings.SITE_URL}{path}), of wijzig de evaluatie: elke wijziging laat de termijn "
        "opnieuw beginnen.\n"
    )
    if addresses:
        send_mail(f"Bewaartermijn: ‘{evaluation.title}’", body, None, addresses)
    Evaluation.objects.filter(pk=evaluation.pk).update(retention_notice_sent_at=now)
    record_access(
        None,
        AccessKind.RETENTION_NOTICE,
        evaluation,
        what=f"bericht aan {len(addresses)} effectencalculateur(s): {step.action_word} op "
        f"{dutch_date(step.on)}",
    )
    return (
        f"Bericht verstuurd over ‘{evaluation.title}’ aan {len(addresses)} "
        f"effectencalculateur(s) (van {len(people)}; wie geen e-mailadres heeft, ziet het "
        "bericht alleen bij de evaluatie)."
    )


def _what_happens(action_word: str) -> str:
    if action_word == "verwijderd":
        return "De evaluatie wordt dan met al haar casussen en tijdlijnen verwijderd."
    return (
        "Alle vrije tekst (hoofdstukken, verhalen van casussen, omschrijvingen van de "
        "tijdlijn) verdwijnt dan; de cijfers blijven."
    )


def anonymise(evaluation: Evaluation) -> dict[str, int]:
    """Remove or replace every free text of the evaluation that could name a resident, in
    its rows and in its history, and keep every figure; how many rows of each kind changed."""
    titles: set[str] = set()
    counts = {"casussen": 0, "tijdlijnitems": 0}
    Evaluation.objects.filter(pk=evaluation.pk).update(**Evaluation.anonymised_text({}))
    for case in Case.objects.filter(evaluation=evaluation):
        titles.add(case.title)
        Case.objects.filter(pk=case.pk).update(
            revision=F("revision") + 1, **Case.anonymised_text(snapshot(case))
        )
        counts["casussen"] += 1
    live.changed(evaluation_pk=evaluation.pk)  # open screens drop the old texts at once
    for item in TimelineItem.objects.filter(case__evaluation=evaluation):
        # A form still open on the old text must not write it back: the version moves on.
        TimelineItem.objects.filter(pk=item.pk).update(
            version=F("version") + 1, **TimelineItem.anonymised_text(snapshot(item))
        )
        counts["tijdlijnitems"] += 1
    # The stories of the outcome scores are free text too; the scores are figures and stay.
    counts["uitkomstverhalen"] = (
        OutcomeScore.objects.filter(case__evaluation=evaluation).exclude(story="").update(story="")
    )
    # Titles the history remembers, of cases renamed or deleted since, are quoted too.
    for record in ChangeRecord.objects.filter(evaluation=evaluation, model="cases.Case"):
        for data in (record.before, record.after):
            if isinstance(data, dict) and data.get("title"):
                titles.add(data["title"])
    counts["wijzigingen"] = ChangeRecord.objects.anonymise_for_retention(evaluation)
    counts["toegangsregels"] = AccessRecord.objects.anonymise_for_retention(evaluation, titles)
    # Stored PDF reports quote the narratives; they can be made again from what is left.
    counts["rapporten"], _ = evaluation.report_jobs.all().delete()
    # So do the final reports: they cannot be made again, but their text may name a resident.
    # The history keeps that each was declared (version, hash, who, when), without the text.
    counts["definitieve rapporten"], _ = evaluation.final_reports.all().delete()
    return counts


def _anonymise(step: Step, now: datetime) -> str:
    evaluation = Evaluation.objects.select_related("organisation").get(pk=step.evaluation_id)
    counts = anonymise(evaluation)
    Evaluation.objects.filter(pk=evaluation.pk).update(anonymised_at=now)
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    record_access(None, AccessKind.RETENTION_ANONYMISED, evaluation, what=summary)
    return f"Evaluatie ‘{evaluation.title}’ geanonimiseerd ({summary})."


def _delete(step: Step, now: datetime) -> str:
    evaluation = Evaluation.objects.select_related("organisation").get(pk=step.evaluation_id)
    # The history outlives the evaluation (its scope is set to null): first take the
    # residents' text out of it.
    anonymise(evaluation)
    case_count = evaluation.cases.count()
    title, organisation = evaluation.title, evaluation.organisation
    evaluation.delete()
    record_access(
        None,
        AccessKind.RETENTION_DELETED,
        organisation=organisation,
        what=f"{title} (nr. {step.evaluation_id}, {case_count} casussen)",
    )
    return f"Evaluatie ‘{title}’ verwijderd met {case_count} casussen."


def _prune(step: Step, now: datetime) -> str:
    organisation = Organisation.objects.get(pk=step.organisation_id)
    count = AccessRecord.objects.prune_before(organisation, step.before)
    record_access(
        None,
        AccessKind.ACCESS_LOG_PRUNED,
        organisation=organisation,
        what=f"{count} regel(s) van vóór {dutch_date(_local(step.before))} verwijderd",
    )
    return f"Toegangslog van {organisation.name}: {count} regel(s) verwijderd."


_DO = {NOTICE: _send_notice, ANONYMISE: _anonymise, DELETE: _delete, PRUNE: _prune}
