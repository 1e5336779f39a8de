"""Retention under the AVG (cases.retention and apply_retention): a notice a month before,
then anonymising (figures kept, every resident's text gone) or deleting, the access log's own
period, and a dry run that changes nothing and lists exactly what the real run does."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core import mail, serializers
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from accounts.models import Membership, RetentionAction, Role
from cases import figures, retention
from cases.models import Case, Evaluation, EvaluationMember, TimelineItem
from history.models import (
    ANONYMISED,
    AccessKind,
    AccessRecord,
    Action,
    AppendOnlyError,
    ChangeRecord,
)
from history.recorder import record_access, record_change, snapshot
from lib.dutch import dutch_date

pytestmark = pytest.mark.django_db

# Free text of the conftest evaluation that tells about residents (not the price items').
RESIDENT_TEXTS = (
    "Mevrouw heeft pijn.",
    "Gebitsproblemen",
    "Dansen",
    "Een korte inleiding.",
    "De aanpak was goedkoper.",
    "Melding bij de gemeente",
    "Gesprekken met de klantmanager",
    "Tandartsrekening betaald",
    "Wekelijks gesprek met twee klantmanagers",
    "OV-jaarkaart",
    "Verloop zonder interventie",
    "Woont bij haar zus",
    "Toelichting over mevrouw",
    "Antwoord over mevrouw",
    "Mevrouw J. de Vries",
    "Samenvatting over mevrouw",
)


def age(evaluation, **delta):
    """Make every change of the evaluation look ``delta`` old.
    The logs are append-only; the test moves their clock past the guard on purpose."""
    moment = timezone.now() - timedelta(**delta)
    Evaluation.objects.filter(pk=evaluation.pk).update(updated_at=moment)
    TimelineItem.objects.filter(case__evaluation=evaluation).update(updated_at=moment)
    models.QuerySet.update(ChangeRecord.objects.filter(evaluation=evaluation), at=moment)


def months_ago(months: int, days: int = 0) -> dict:
    today = timezone.localdate()
    return {"days": (today - retention.add_months(today, -months)).days + days}


def send_notice_back(evaluation, **delta):
    Evaluation.objects.filter(pk=evaluation.pk).update(
        retention_notice_sent_at=timezone.now() - timedelta(**delta)
    )


def every_row() -> dict[str, str]:
    """Every row of every table, serialised: to compare before and after, and to search."""
    return {
        model._meta.label: serializers.serialize("json", model._base_manager.order_by("pk"))
        for model in apps.get_models()
    }


def cross_table(evaluation) -> list[list]:
    table = figures.load(Evaluation.objects.get(pk=evaluation.pk)).table
    return [[(cell.amount, cell.is_range) for cell in row.cells] for row in table.rows] + [
        [(cell.amount, cell.is_range) for cell in table.total.cells]
    ]


@pytest.fixture
def story(evaluation, owner):
    """The evaluation with a history: a renamed case, a case's story, an access record, an
    extra narrative field and a stored PDF report."""
    owner.email = "eigenaar@example.nl"
    owner.save()
    case = evaluation.cases.get(code="1")
    before = snapshot(case)
    case.informal_support = "Woont bij haar zus"
    case.figures_note = "Toelichting over mevrouw"  # the toelichting op de cijfers
    case.save()
    record_change(owner, case, Action.UPDATE, before=before)
    record_access(owner, AccessKind.VIEW_CASE, evaluation, case)
    record_change(owner, case.items.first(), Action.UPDATE, before=snapshot(case.items.first()))
    Evaluation.objects.filter(pk=evaluation.pk).update(
        extra_fields={"Samenvatting": "Samenvatting over mevrouw"},
        research_answers="1. Antwoord over mevrouw",
    )
    dance = evaluation.cases.get(code="2")
    deleted = snapshot(dance)
    deleted["title"] = "Mevrouw J. de Vries"  # a title it once had, now only in the history
    record_change(owner, dance, Action.UPDATE, before=deleted)
    evaluation.report_jobs.create(case_count=2, estimated_seconds=1, pdf=b"%PDF Dansen")
    return evaluation


def test_it_adds_months_to_the_last_day_of_a_short_month():
    assert retention.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert retention.add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert retention.add_months(date(2026, 12, 3), 36) == date(2029, 12, 3)
    assert retention.add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_it_counts_the_period_from_the_last_change_to_a_case_or_timeline(evaluation, owner):
    age(evaluation, days=2000)
    item = TimelineItem.objects.filter(case__evaluation=evaluation).first()
    TimelineItem.objects.filter(pk=item.pk).update(updated_at=timezone.now() - timedelta(days=10))
    found = retention.with_last_change_of(Evaluation.objects.get(pk=evaluation.pk))
    assert timezone.now() - found.last_change_at < timedelta(days=11)

    age(evaluation, days=2000)
    record_change(owner, evaluation.cases.first(), Action.UPDATE, before={})
    found = retention.with_last_change_of(Evaluation.objects.get(pk=evaluation.pk))
    assert timezone.now() - found.last_change_at < timedelta(minutes=1)


def test_it_leaves_an_evaluation_within_its_period_alone(evaluation):
    age(evaluation, **months_ago(35, days=-2))  # the notice is two days away
    assert retention.plan(timezone.now()) == []
    call_command("apply_retention", stdout=StringIO())
    assert Evaluation.objects.get(pk=evaluation.pk).retention_notice_sent_at is None
    assert mail.outbox == []


def test_it_keeps_an_evaluation_for_its_own_longer_period(evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(retention_months=60)
    age(evaluation, **months_ago(40))
    assert retention.plan(timezone.now()) == []


def test_it_sends_the_notice_once_to_every_effectencalculateur(
    story, owner, notulist, django_user_model
):
    evaluation = story
    chair = django_user_model.objects.create_user("voorzitter", email="voorzitter@example.nl")
    Membership.objects.create(organisation=evaluation.organisation, user=chair)
    EvaluationMember.objects.create(
        evaluation=evaluation, user=chair, role=Role.EFFECTENCALCULATEUR
    )
    notulist.email = "notulist@example.nl"
    notulist.save()
    age(evaluation, **months_ago(35, days=1))
    steps = retention.plan(timezone.now())
    assert [step.kind for step in steps] == [retention.NOTICE]
    retention.carry_out(steps, timezone.now())

    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["eigenaar@example.nl", "voorzitter@example.nl"]
    due = retention.schedule(
        retention.with_last_change_of(Evaluation.objects.get(pk=evaluation.pk)),
        timezone.localdate(),
    ).due_on
    assert due > timezone.localdate()
    assert f"Op {dutch_date(due)} wordt zij geanonimiseerd" in mail.outbox[0].body
    assert AccessRecord.objects.filter(
        kind=AccessKind.RETENTION_NOTICE, evaluation=evaluation, user=None
    ).exists()

    assert retention.plan(timezone.now()) == []
    call_command("apply_retention", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_it_shows_the_notice_on_the_evaluation_and_in_the_list(client, story, owner):
    evaluation = story
    age(evaluation, **months_ago(35, days=1))
    retention.carry_out(retention.plan(timezone.now()), timezone.now())
    found = retention.schedule(
        retention.with_last_change_of(Evaluation.objects.get(pk=evaluation.pk)),
        timezone.localdate(),
    )
    sentence = f"Deze evaluatie wordt op {dutch_date(found.due_on)} geanonimiseerd"
    client.force_login(owner)
    assert sentence in client.get(evaluation.get_absolute_url()).content.decode()
    assert sentence in client.get("/").content.decode()
    assert sentence in client.get(f"/evaluaties/{evaluation.slug}/marges/").content.decode()


def test_it_starts_a_new_period_when_someone_changes_the_evaluation_after_the_notice(
    client, story, owner
):
    evaluation = story
    age(evaluation, **months_ago(36, days=40))
    retention.carry_out(retention.plan(timezone.now()), timezone.now())
    send_notice_back(evaluation, days=40)  # the month has passed
    client.force_login(owner)
    response = client.post(
        f"/evaluaties/{evaluation.slug}/casussen/1/bewerken/",
        {"title": "Casus een", "start_date": "2016-09-01", "end_date": "2018-06-01"},
    )
    assert response.status_code == 302
    assert retention.plan(timezone.now()) == []
    assert "Deze evaluatie wordt op" not in client.get("/").content.decode()


def test_it_gives_an_overdue_evaluation_a_month_after_its_notice(story):
    evaluation = story
    age(evaluation, **months_ago(50))
    steps = retention.plan(timezone.now())
    assert [step.kind for step in steps] == [retention.NOTICE]
    assert steps[0].on == retention.add_months(timezone.localdate(), 1)
    retention.carry_out(steps, timezone.now())
    assert retention.plan(timezone.now()) == []
    assert Evaluation.objects.get(pk=evaluation.pk).anonymised_at is None


def test_it_anonymises_every_resident_text_and_keeps_every_figure(story):
    evaluation = story
    table = cross_table(evaluation)
    age(evaluation, **months_ago(37))
    send_notice_back(evaluation, days=32)
    steps = retention.plan(timezone.now())
    assert [(step.kind, step.evaluation_id) for step in steps] == [
        (retention.ANONYMISE, evaluation.pk)
    ]
    retention.carry_out(steps, timezone.now())

    assert cross_table(evaluation) == table
    rows = every_row()
    for text in RESIDENT_TEXTS:
        found = [label for label, dump in rows.items() if text in dump]
        assert found == [], f"“{text}” survives in {found}"
    anonymised = Evaluation.objects.get(pk=evaluation.pk)
    assert anonymised.anonymised_at is not None
    assert anonymised.title == "Village Deal Test"  # names the project, not a resident
    assert anonymised.introduction == "" and anonymised.extra_fields == {}
    assert [c.title for c in Case.objects.filter(evaluation=evaluation)] == ["Casus 1", "Casus 2"]
    assert {i.description.split()[0] for i in TimelineItem.objects.all()} == {
        "Gebeurtenis",
        "Ondersteuning",
    }
    assert AccessRecord.objects.get(kind=AccessKind.VIEW_CASE).what == f"Casus 1: {ANONYMISED}"
    assert not evaluation.report_jobs.exists()
    done = AccessRecord.objects.get(kind=AccessKind.RETENTION_ANONYMISED)
    assert done.user is None and done.evaluation_id == evaluation.pk
    assert "2 casussen" in done.what and "7 tijdlijnitems" in done.what
    assert retention.plan(timezone.now()) == []


def test_it_changes_only_the_free_text_in_the_history(story):
    evaluation = story
    first = evaluation.cases.get(code="1")
    record = ChangeRecord.objects.get(model="cases.Case", object_id=str(first.pk))
    kept = {k: v for k, v in record.after.items() if k not in Case.anonymised_text(record.after)}
    count = ChangeRecord.objects.anonymise_for_retention(evaluation)
    assert (
        count
        == ChangeRecord.objects.filter(
            evaluation=evaluation, model__in=["cases.Case", "cases.TimelineItem"]
        ).count()
    )
    record.refresh_from_db()
    assert record.after["title"] == "Casus 1"
    assert record.object_repr == "Casus 1: Casus 1"
    assert {k: v for k, v in record.after.items() if k in kept} == kept


def test_it_keeps_the_append_only_guard_for_everything_else(story):
    with pytest.raises(AppendOnlyError):
        ChangeRecord.objects.filter(evaluation=story).update(before=None)
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.all().delete()


def test_it_deletes_when_the_organisation_chooses_so_and_leaves_no_resident_text(story):
    evaluation = story
    organisation = evaluation.organisation
    organisation.retention_action = RetentionAction.DELETE
    organisation.save()
    age(evaluation, **months_ago(37))
    send_notice_back(evaluation, days=32)
    steps = retention.plan(timezone.now())
    assert [step.kind for step in steps] == [retention.DELETE]
    retention.carry_out(steps, timezone.now())

    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()
    assert not Case.objects.exists() and not TimelineItem.objects.exists()
    # The history outlives it, without scope and without the residents' text.
    assert ChangeRecord.objects.filter(organisation=organisation, evaluation=None).count() == 3
    rows = every_row()
    for text in RESIDENT_TEXTS:
        assert not [label for label, dump in rows.items() if text in dump], text
    done = AccessRecord.objects.get(kind=AccessKind.RETENTION_DELETED)
    assert done.user is None and done.organisation == organisation
    assert "Village Deal Test" in done.what and "2 casussen" in done.what
    assert retention.plan(timezone.now()) == []


def test_it_gives_a_new_notice_before_deleting_what_it_anonymised_earlier(story):
    evaluation = story
    age(evaluation, **months_ago(37))
    send_notice_back(evaluation, days=32)
    retention.carry_out(retention.plan(timezone.now()), timezone.now())
    assert Evaluation.objects.get(pk=evaluation.pk).anonymised_at is not None
    organisation = evaluation.organisation
    organisation.retention_action = RetentionAction.DELETE
    organisation.save()

    # The notice that went out announced the anonymisation: the deletion gets its own month.
    steps = retention.plan(timezone.now())
    assert [step.kind for step in steps] == [retention.NOTICE]
    assert "verwijderd" in steps[0].describe()
    retention.carry_out(steps, timezone.now())
    assert retention.plan(timezone.now()) == []
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()


def test_it_prunes_the_access_log_after_its_own_period(evaluation, owner, other_organisation):
    old = record_access(owner, AccessKind.VIEW_EVALUATION, evaluation)
    recent = record_access(owner, AccessKind.VIEW_EVALUATION, evaluation)
    elsewhere = record_access(owner, AccessKind.EXPORT, organisation=other_organisation, what="x")
    models.QuerySet.update(
        AccessRecord.objects.filter(pk__in=[old.pk, elsewhere.pk]),
        at=timezone.now() - timedelta(**months_ago(24, days=2)),
    )
    other_organisation.access_log_retention_months = 36
    other_organisation.save()

    steps = retention.plan(timezone.now())
    assert [(s.kind, s.organisation_id, s.count) for s in steps] == [
        (retention.PRUNE, evaluation.organisation_id, 1)
    ]
    retention.carry_out(steps, timezone.now())
    assert set(AccessRecord.objects.values_list("pk", flat=True)) >= {recent.pk, elsewhere.pk}
    assert not AccessRecord.objects.filter(pk=old.pk).exists()
    pruned = AccessRecord.objects.get(kind=AccessKind.ACCESS_LOG_PRUNED)
    assert pruned.user is None and pruned.what.startswith("1 regel(s) van vóór")
    assert retention.plan(timezone.now()) == []


@pytest.fixture
def due(story, owner, organisation, price_list):
    """One evaluation to anonymise, one to notify, one within its period, an old access
    record: every kind of step at once."""
    age(story, **months_ago(37))
    send_notice_back(story, days=32)
    notify = Evaluation.objects.create(
        organisation=organisation, slug="bijna", title="Bijna", price_list=price_list
    )
    age(notify, **months_ago(35, days=3))
    Evaluation.objects.create(
        organisation=organisation, slug="nieuw", title="Nieuw", price_list=price_list
    )
    old = record_access(owner, AccessKind.VIEW_EVALUATION, notify)
    models.QuerySet.update(
        AccessRecord.objects.filter(pk=old.pk), at=timezone.now() - timedelta(days=800)
    )
    return story


def test_it_changes_nothing_in_a_dry_run(due):
    before = every_row()
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert every_row() == before
    assert mail.outbox == []
    lines = out.getvalue().splitlines()
    assert lines[0] == "Proefdraai: 3 stap(pen), er verandert niets."
    assert len(lines) == 4


def test_it_does_exactly_what_the_dry_run_listed_and_then_nothing(due):
    dry = StringIO()
    call_command("apply_retention", "--dry-run", stdout=dry)
    listed = dry.getvalue().splitlines()[1:]
    assert listed[0] == f"Evaluatie ‘Village Deal Test’ anonimiseren (nr. {due.pk})."
    assert listed[1].startswith("Bericht aan de effectencalculateurs van ‘Bijna’: op ")
    assert listed[2].startswith("Toegangslog van Adviesbureau Noord: 1 regel(s)")

    real = StringIO()
    call_command("apply_retention", stdout=real)
    done = real.getvalue().splitlines()
    assert [line.split(" Gedaan: ")[0] for line in done] == listed
    assert Evaluation.objects.get(slug="bijna").retention_notice_sent_at is not None
    assert Evaluation.objects.get(slug="village-deal-test").anonymised_at is not None
    assert Evaluation.objects.get(slug="nieuw").retention_notice_sent_at is None
    assert Evaluation.objects.filter(anonymised_at__isnull=False).count() == 1
    assert AccessRecord.objects.filter(user=None).count() == 3

    again = StringIO()
    before = every_row()
    call_command("apply_retention", stdout=again)
    assert again.getvalue().strip() == "Niets te doen."
    assert every_row() == before


def test_it_lets_the_effectencalculateur_set_the_period_on_the_margins_screen(
    client, evaluation, owner
):
    client.force_login(owner)
    url = f"/evaluaties/{evaluation.slug}/marges/"
    page = client.get(url).content.decode()
    assert "Bewaartermijn (maanden; leeg: die van de organisatie)" in page
    fields = {
        "margin_hard": "0",
        "margin_onderbouwd": "10",
        "margin_aanname": "25",
        "horizon_years": "0",
        "discount_rate": "0",
        "deadweight": "0",
        "attribution": "0",
    }
    response = client.post(url, {**fields, "retention_months": "0"})
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde minstens 1 is." in response.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).retention_months is None

    assert client.post(url, {**fields, "retention_months": "84"}).status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).retention_months == 84
    assert client.post(url, {**fields, "retention_months": ""}).status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).retention_months is None
