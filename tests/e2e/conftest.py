"""Browser tests: Playwright driving the system Chromium against Django's live server."""

import os
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def demo(transactional_db):
    """The demo as the run command loads it (live_server needs committed data)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def login(page, live_server):
    def login_as(username):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill("stein-demo-2018")
        page.get_by_role("button", name="Inloggen").click()
        return page

    return login_as


@pytest.fixture(autouse=True)
def _streams_end_with_the_test(request):
    """Session screens hold a stream each (cases/views/live.py), served by a thread of the
    live server. At the end of a test its browsers are closed first (a test that failed may
    have left a screen open, whose EventSource would reconnect), then the streams still
    open are told to end, and the test waits until they have, so that no stream thread
    touches the database after the test and no subscriber is left in the hub for the tests
    that follow. Each stream ends within a second or two, not at its next heartbeat."""
    yield
    if "live_server" not in request.fixturenames:
        return
    import time

    from cases import live

    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()
    live.hub.close_all()
    deadline = time.monotonic() + 5
    while live.hub.count() and time.monotonic() < deadline:
        time.sleep(0.02)
    if live.hub.count():
        import faulthandler

        faulthandler.dump_traceback(all_threads=True)  # which threads held a stream
    assert not live.hub.count(), f"{live.hub.count()} stream(s) outlived the test"


@pytest.fixture(scope="session", autouse=True)
def _listener_stops_before_the_test_database_goes(django_db_setup):
    """On PostgreSQL the first stream starts this process's listening connection to the test
    database (cases/live.py); it is stopped before the database is dropped, which PostgreSQL
    refuses while a session uses it. (Set up after the database, so torn down before it.)"""
    yield
    from cases import live

    live.stop_listening()


def keep_screenshot(page, name: str, **options) -> None:
    """A picture of the page for a person to look at, kept only where ``E2E_SCREENSHOTS``
    names a folder (``E2E_SCREENSHOTS=/tmp/shots scripts/test tests/e2e``); a test never
    depends on it."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        path = Path(folder) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), **options)
