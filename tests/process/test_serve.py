"""scripts/serve, the production command: gunicorn answers behind a TLS proxy, with the app's
own static files collected, compressed and served, and the report worker beats beside it; the
script stops both."""

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time

import pytest
from django.conf import settings

from tests.process.test_deploy import production_env

pytestmark = pytest.mark.subprocess

PROXIED = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}  # as the TLS proxy sends it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=PROXIED | headers)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = production_env(
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        PORT=str(port),
        WEB_CONCURRENCY="1",
    )
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [str(settings.BASE_DIR / "scripts" / "serve")],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # gunicorn and its worker stop together
    )
    try:
        deadline = time.monotonic() + 120  # migrations on a new database come first
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        yield port, tmp_path
        # SIGTERM to the script alone, as a service manager sends it, stops gunicorn and the
        # report worker too.
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _group_alive(process.pid):
            assert time.monotonic() < deadline, "gunicorn or the worker outlived scripts/serve"
            time.sleep(0.2)
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        log.close()


def _group_alive(pgid) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_it_serves_the_app_and_its_static_files(server):
    port, tmp_path = server
    response, body = _get(port, "/inloggen/")
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert b'href="/static/css/app.css"' in body

    response, css = _get(port, "/static/css/app.css", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert response.headers["Content-Encoding"] == "gzip"
    assert (tmp_path / "static" / "css" / "app.css.gz").exists()

    response, _ = _get(port, "/static/fonts/../../manage.py")
    assert response.status == 404


def test_it_sends_plain_http_to_https(server):
    port, _ = server
    response, _ = _get(port, "/inloggen/", **{"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/inloggen/"


def test_it_runs_the_report_worker_beside_gunicorn(server):
    port, tmp_path = server
    deadline = time.monotonic() + 60
    while True:
        with sqlite3.connect(tmp_path / "db.sqlite3", timeout=10) as db:
            pids = [pid for (pid,) in db.execute("SELECT pid FROM reports_workerheartbeat")]
        response, body = _get(port, "/gereed/")
        if pids and response.status == 200:
            break
        assert time.monotonic() < deadline, (pids, body)
        time.sleep(0.5)
    os.kill(pids[0], 0)  # a live process of its own
    assert json.loads(body)["worker"] == "ok"
