"""A report worker killed with SIGKILL in the middle of a PDF: its job is started again by
the next worker (or failed once it was started as often as allowed) within the bound, and
never left "bezig". Real processes on a SQLite file; the bounds made small through the
environment, so that it takes seconds."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.process.test_deploy import manage, production_env

pytestmark = pytest.mark.subprocess

BEAT = 0.3
STALE = 2.0
# Stein (5 cases) renders in some 3-5 s on the shared machine; rendering twice and the bound
# fit well within this.
DEADLINE = 90

QUEUE = """
from cases.models import Evaluation
from reports import jobs
print(jobs.queue(Evaluation.objects.get(), None).pk)
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("worker") / "db.sqlite3"
    env = production_env(DATABASE_URL=f"sqlite:///{path}")
    for command in (["migrate", "--no-input"], ["load_demo"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    return path, env


def _env(env, **extra):
    return (
        env
        | {
            "REPORT_WORKER_BEAT_SECONDS": str(BEAT),
            "REPORT_WORKER_STALE_SECONDS": str(STALE),
        }
        | extra
    )


def _queue(env) -> int:
    result = manage("shell", "-c", QUEUE, env=env)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def _start_worker(env, log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "report_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _job(path, pk):
    with sqlite3.connect(path, timeout=10) as db:
        return db.execute(
            "SELECT status, attempts, error FROM reports_reportjob WHERE id = ?", (pk,)
        ).fetchone()


def _wait_for(path, pk, done, process, log_path):
    """The job's row once done(row) holds; fails if the worker stops or time runs out."""
    deadline = time.monotonic() + DEADLINE
    while not done(job := _job(path, pk)):
        assert process.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, (job, log_path.read_text())
        time.sleep(0.05)
    return job


def _stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def _kill_during_the_render(path, env, pk, tmp_path):
    log_path = tmp_path / "killed.log"
    with log_path.open("w") as log:
        first = _start_worker(env, log)
        try:
            _wait_for(path, pk, lambda job: job[0] == "running", first, log_path)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
    assert _job(path, pk)[0] == "running"  # the killed worker left it so


@pytest.mark.parametrize(("max_attempts", "outcome"), [(2, "done"), (1, "failed")])
def test_a_job_of_a_killed_worker_is_retried_or_failed_within_the_bound(
    database, tmp_path, max_attempts, outcome
):
    path, base_env = database
    env = _env(base_env, REPORT_JOB_MAX_ATTEMPTS=str(max_attempts))
    pk = _queue(env)
    _kill_during_the_render(path, env, pk, tmp_path)
    killed_at = time.monotonic()

    log_path = tmp_path / "second.log"
    with log_path.open("w") as log:
        second = _start_worker(env, log)
        try:
            # Taken back: started again (a second attempt) or failed.
            _wait_for(path, pk, lambda job: job[1] == 2 or job[0] == "failed", second, log_path)
            taken_back = time.monotonic() - killed_at
            status, attempts, error = _wait_for(
                path, pk, lambda job: job[0] in ("done", "failed"), second, log_path
            )
            with sqlite3.connect(path) as db:
                beating = db.execute("SELECT COUNT(*) FROM reports_workerheartbeat").fetchone()
        finally:
            _stop(second)

    assert (status, attempts) == (outcome, max_attempts), log_path.read_text()
    if outcome == "failed":
        assert error == "De rapportmaker is onderbroken; probeer het opnieuw."
    # The bound, a beat, and the few seconds a new worker takes to start Django.
    assert taken_back < STALE + BEAT + 15
    # The killed worker's heartbeat is left behind; the second one's was there while it ran,
    # and a worker stopped with SIGTERM removes its own.
    assert beating == (2,)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM reports_workerheartbeat").fetchone() == (1,)
        db.execute("DELETE FROM reports_workerheartbeat")
