"""Browser tests: Playwright driving the system Chromium against Django's live server."""

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
    live server: end them while the test's database is still there, so that no stream
    thread touches it after the test."""
    yield
    if "live_server" in request.fixturenames:
        import time

        from cases import live

        live.hub.close_all()
        deadline = time.monotonic() + 5
        while live.hub.count() and time.monotonic() < deadline:
            time.sleep(0.05)
