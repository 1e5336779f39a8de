"""/gezond/ and /gereed/: what a load balancer asks, answered without a log-in or versions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from effectencalculator import health
from reports.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(settings):
    now = timezone.now()
    return WorkerHeartbeat.objects.create(worker_id="w1", pid=1, started_at=now, seen_at=now)


@pytest.fixture(autouse=True)
def forget_migration_check(monkeypatch):
    # The module remembers "all migrations applied" for the life of the process.
    monkeypatch.setattr(health, "_migrated", False)


def test_it_says_it_lives_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/gezond/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_is_ready_with_the_database_the_migrations_and_a_recent_worker(client, worker):
    response = client.get("/gereed/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "worker": "ok",
    }


def test_it_is_not_ready_when_no_worker_was_ever_seen(client):
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["worker"] == "niet gezien"
    assert response.json()["status"] == "niet gereed"


def test_it_is_not_ready_when_the_worker_went_quiet(client, worker, settings):
    WorkerHeartbeat.objects.filter(pk=worker.pk).update(
        seen_at=timezone.now() - timedelta(seconds=settings.REPORT_WORKER_STALE_SECONDS + 1)
    )
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["worker"] == "stil"


def test_it_is_not_ready_while_a_migration_is_not_applied(client, worker):
    MigrationRecorder(connection).migration_qs.filter(
        app="reports", name="0002_task_and_heartbeat"
    ).delete()
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["migrations"] == "niet toegepast"


def test_it_remembers_once_every_migration_is_applied(client, worker, django_assert_num_queries):
    client.get("/gereed/")
    # Now only the database and the heartbeat are asked: no migration table read.
    with django_assert_num_queries(2):
        assert client.get("/gereed/").status_code == 200


def test_it_reveals_no_versions(client, worker):
    body = client.get("/gereed/").content.decode()
    assert "django" not in body.lower()
    assert "6.1" not in body


def test_it_answers_only_get(client):
    assert client.post("/gezond/").status_code == 405
