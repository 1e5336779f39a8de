"""The notification path of pushed updates: every kind of write publishes the case's new
revision once it commits, and the session screen's stream passes it on."""

import time

import pytest
from django.db import connection, transaction

from cases import live
from cases.models import Case, TimelineItem
from cases.timeline import delete_item
from cases.views.live import BYE, PING, STILL_THERE
from tests.conftest import CASE_URL, entry_data

STREAM = CASE_URL + "sessie/stroom/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def in_process(settings):
    """The in-process path, whatever the database: these tests run inside a transaction
    that never commits, where a NOTIFY would never be sent (the last test sends one)."""
    settings.LIVE_BACKEND = "local"


@pytest.fixture(autouse=True)
def own_hub(monkeypatch):
    """A hub of this test's own, so that the subscribers it counts are its own streams and
    never a leftover of another test (a browser test's stream, say)."""
    hub = live.Hub()
    monkeypatch.setattr(live, "hub", hub)
    return hub


@pytest.fixture
def heard(monkeypatch, own_hub):
    """What was published, in order (the in-process path, as on SQLite)."""
    published = []
    monkeypatch.setattr(own_hub, "deliver", published.append)
    return published


def _revision(code="1"):
    return Case.objects.get(code=code).revision


def test_a_save_publishes_the_new_revision_once_it_commits(
    client, notulist, evaluation, heard, django_capture_on_commit_callbacks
):
    client.force_login(notulist)
    case = Case.objects.get(code="1")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(CASE_URL + "invoer/", entry_data(), **HTMX)
        assert response.status_code == 200
        assert heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert heard == [{case.pk: _revision()}]


def test_a_rolled_back_change_publishes_nothing(
    notulist, evaluation, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                Case.objects.get(code="1").bump_revision()
                raise RuntimeError
        except RuntimeError:
            pass
    assert heard == []


def test_edit_delete_and_undo_each_publish(
    client, notulist, evaluation, heard, django_capture_on_commit_callbacks
):
    client.force_login(notulist)
    item = TimelineItem.objects.filter(case__code="1").first()
    with django_capture_on_commit_callbacks(execute=True):
        record = delete_item(notulist, item)
    deleted = _revision()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CASE_URL + "invoer/terugzetten/", {"record": record.pk}, **HTMX)
    assert response.status_code in (200, 204), response.content[:300]
    assert [revisions[item.case_id] for revisions in heard] == [deleted, _revision()]
    assert _revision() == deleted + 1


def test_a_change_of_the_reference_reaches_every_case_of_the_evaluation(
    owner, evaluation, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation.set_scenarios(owner, ["Met interventie", "Zonder interventie"], reference=0)
    assert heard == [{case.pk: case.revision for case in evaluation.cases.all()}]
    assert len(heard[0]) == 2


def test_the_stream_sends_the_revision_on_connect_then_each_change(
    client, notulist, evaluation, settings, django_capture_on_commit_callbacks
):
    settings.LIVE_HEARTBEAT_SECONDS = 0.05
    client.force_login(notulist)
    response = client.get(STREAM)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response["X-Accel-Buffering"] == "no"
    assert response["Cache-Control"] == "no-store"
    events = iter(response.streaming_content)
    revision = _revision()
    assert next(events).decode() == (
        f"retry: 1000\n\nid: {revision}\nevent: revision\ndata: {revision}\n\n"
    )
    assert next(events) == PING  # nothing changed: a heartbeat
    with django_capture_on_commit_callbacks(execute=True):
        Case.objects.get(code="1").bump_revision()
    assert next(events).decode() == f"id: {revision + 1}\nevent: revision\ndata: {revision + 1}\n\n"
    assert live.hub.count() == 1
    response.close()
    assert live.hub.count() == 0


def test_the_stream_ends_when_the_server_closes_it_and_says_bye_at_its_age(
    client, member, evaluation, settings
):
    settings.LIVE_HEARTBEAT_SECONDS = 0.05
    client.force_login(member)
    events = iter(client.get(STREAM).streaming_content)
    next(events)
    live.hub.close_all()
    assert list(events) == []
    settings.LIVE_STREAM_MAX_SECONDS = 0
    assert list(client.get(STREAM).streaming_content)[-1] == BYE


def test_a_stream_that_is_never_read_leaves_nothing_behind(client, member, evaluation, own_hub):
    # As the access matrix reads only the status: the hub must not keep a stream for it.
    client.force_login(member)
    response = client.get(STREAM)
    assert response.status_code == 200
    assert own_hub.count() == 0


def test_under_wsgi_a_quiet_stream_writes_each_second_to_notice_a_browser_that_left(
    client, member, evaluation, settings, own_hub
):
    # Only a failed write tells a WSGI server that the browser left; the heartbeat is too rare.
    settings.LIVE_HEARTBEAT_SECONDS = 60
    client.force_login(member)
    response = client.get(STREAM)
    events = iter(response.streaming_content)
    next(events)
    started = time.monotonic()
    assert next(events) == STILL_THERE
    assert time.monotonic() - started < 1.5
    response.close()
    assert own_hub.count() == 0


def test_the_stream_is_refused_to_an_outsider_before_anything_is_sent(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.get(STREAM).status_code == 404
    assert live.hub.count() == 0


def test_the_session_screen_names_its_stream_and_waits_for_it(client, member, evaluation):
    client.force_login(member)
    html = client.get(CASE_URL + "sessie/").content.decode()
    assert f'data-stream="{STREAM}"' in html
    assert 'hx-trigger="board-changed from:body"' in html
    assert "/static/js/live.js" in html


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LISTEN/NOTIFY needs PostgreSQL (CI runs it there)"
)
def test_on_postgresql_a_change_travels_by_notify_to_the_listener(
    transactional_db, evaluation, settings
):
    settings.LIVE_BACKEND = "postgres"
    case = Case.objects.get(code="1")
    subscriber = live.hub.subscribe(live.ThreadSubscriber(case.pk))
    try:
        live.wait_listening()
        with transaction.atomic():
            case.bump_revision()
            assert subscriber.get(0.3) is None  # NOTIFY waits for the commit
        assert subscriber.get(3) == _revision()
    finally:
        live.hub.unsubscribe(subscriber)
        live.stop_listening()
