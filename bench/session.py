"""Benchmark of the live session, in one run: the server time of

- saving an item from the quick-entry row (an htmx POST, as the notulist's browser sends it),
- an unchanged refresh of the chair's session screen (the poll every second: 204),
- a changed refresh (the whole board redrawn, for reference),

in cases of 10, 100, 1,000 and 10,000 items, next to a minimal Django view (``HttpResponse``,
same middleware) and a minimal logged-in view on the same machine, with the ratios.
Targets: saving ≤ 3× the minimal view; 10,000 items ≤ 1.5× 10 items for saving and for an
unchanged refresh.

Then, in the same run, what the notulist's keyboard does: the keystrokes and Tabs of four
typical items (an event, one cost line, two cost lines, a fixed amount), typed into the real
entry screen by Chromium (Playwright) and each checked in the database afterwards, so that a
count is only reported for keys that really make the item.

Requests go through Django's test client (the whole middleware stack, no network), against a
throwaway SQLite database in a temporary folder; nothing else is touched. The measures run in
turns (see :func:`timed_in_turns`). Then the minimal views, the save and the unchanged refresh
are measured once more over HTTP, through Django's threaded WSGI server on 127.0.0.1, as a
browser sends them: what the notulist's browser waits for.

    .venv/bin/python bench/session.py [--repeat 30]
"""

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-session-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")

# Playwright's sync API keeps an event loop in this thread; the ORM reads that follow each
# typed item happen outside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F, Max  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from accounts.models import Membership, Organisation, Role  # noqa: E402
from cases.models import Case, CostLine, Evaluation, Scenario, TimelineItem  # noqa: E402
from history.models import Action  # noqa: E402
from history.recorder import record_change  # noqa: E402
from pricelist.models import PriceItem, PriceList, create_organisation  # noqa: E402

SIZES = (10, 100, 1_000, 10_000)
BENCH_PRICE_ITEM: list[int] = []  # the price item of setup(), for same_writes


def minimal(request):
    return HttpResponse("ok")


@login_required
def minimal_logged_in(request):
    return HttpResponse(f"ok {request.user.pk}")


@login_required
def minimal_write(request):
    """The least a save can do: a logged-in request that writes one row in a transaction."""
    with transaction.atomic():
        Organisation.objects.filter(slug="benchmark").update(name="Benchmark")
    return HttpResponse("ok")


@login_required
def same_writes(request):
    """The writes a save cannot do without, written plainly through the ORM and nothing else:
    the case's revision raised (the session screens follow it), the item at the end of its
    werkwijze, its cost line and its change record (the history and the bin restore from it).
    No access check, no form, no answer drawn: what is left of the save when everything that
    is not a write is taken away, so that save / same_writes is what the view adds."""
    case = Case.objects.get(code="10")
    scenario = Scenario.objects.get(evaluation_id=case.evaluation_id, code="met")
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(revision=F("revision") + 1)
        last = TimelineItem.objects.filter(case=case, scenario=scenario).aggregate(Max("position"))
        item = TimelineItem.objects.create(
            case=case,
            scenario=scenario,
            kind="ondersteuning",
            start=date(2016, 9, 1),
            end=date(2017, 3, 31),
            description="Gesprek met de klantmanager",
            position=(last["position__max"] or 0) + 1,
            idempotency_key=uuid.uuid4(),
        )
        line = CostLine.objects.create(
            item=item, price_item_id=BENCH_PRICE_ITEM[0], quantity=2, frequency="week"
        )
        record_change(request.user, item, Action.CREATE, after={"lines": [line.pk]})
    return HttpResponse("ok")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/same-writes/", same_writes),
    path("bench/minimal-logged-in/", minimal_logged_in),
    path("bench/minimal-write/", minimal_write),
    path("", include("effectencalculator.urls")),
]


def timed(function, repeat: int) -> float:
    """The median wall time of ``repeat`` runs, in milliseconds."""
    function()  # warm up: templates compiled, connection open
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def timed_in_turns(measures: dict, repeat: int) -> dict:
    """The median wall time of each measure, in milliseconds, run in turns: one run of each
    per round, starting one further each round, so that a busy moment on a shared machine
    falls on every measure alike. A measure is ``(prepare, run)``: ``run(prepare())`` is
    timed, ``prepare()`` is not."""
    names = list(measures)
    times = {name: [] for name in names}
    for prepare, run in measures.values():
        run(prepare())  # warm up: templates compiled, connection open
    for round_ in range(repeat):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            prepare, run = measures[name]
            argument = prepare()
            start = time.perf_counter()
            run(argument)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def setup():
    call_command("migrate", verbosity=0)
    organisation = create_organisation("Benchmark")
    user = get_user_model().objects.create_user("notulist", password="bench-only-password")
    Membership.objects.create(organisation=organisation, user=user, role=Role.NOTULIST)
    price_list = PriceList.objects.create(organisation=organisation, name="Bench")
    price_item = PriceItem.objects.create(
        price_list=price_list,
        code="KM",
        name="Klantmanager",
        unit="uur",
        price=Decimal("76.50"),
        financier=organisation.financiers.get(code="gemeente-wmo"),
    )
    BENCH_PRICE_ITEM[:] = [price_item.pk]
    evaluation = Evaluation.objects.create(
        organisation=organisation, slug="bench", title="Bench", price_list=price_list
    )
    met = Scenario.objects.create(evaluation=evaluation, code="met", name="Met", position=1)
    zonder = Scenario.objects.create(
        evaluation=evaluation, code="zonder", name="Zonder", is_reference=True, position=2
    )
    for size in SIZES:
        case = Case.objects.create(
            evaluation=evaluation,
            code=str(size),
            title=f"{size} items",
            start_date=date(2016, 1, 1),
            end_date=date(2020, 12, 31),
        )
        items = TimelineItem.objects.bulk_create(
            TimelineItem(
                case=case,
                scenario=met if n % 2 else zonder,
                kind="gebeurtenis" if n % 3 == 0 else "ondersteuning",
                start=date(2016, 1, 1) + timedelta(days=n % 1500),
                end=date(2016, 1, 1) + timedelta(days=n % 1500 + 30),
                description=f"Item {n}: gesprek met de klantmanager",
                position=n,
            )
            for n in range(size)
        )
        CostLine.objects.bulk_create(
            CostLine(item=item, price_item=price_item, quantity=2, frequency="week")
            for item in items
            if item.kind == "ondersteuning"
        )
    return user


ITEM = {
    "formprefix": "",
    "regels": "1",
    "kind": "ondersteuning",
    "scenario": "met",
    "start": "1 sep 2016",
    "end": "mrt 2017",
    "description": "Gesprek met de klantmanager",
    "regel0-price_item": "KM",
    "regel0-quantity": "2",
    "regel0-persons": "3",
    "regel0-frequency": "week",
}
# Encoded as htmx sends a form (not multipart, as the test client would by default).
FORM_TYPE = "application/x-www-form-urlencoded"
HTMX = {"HTTP_HX_REQUEST": "true"}


def item_form() -> str:
    """The item as the browser's outbox sends it: with an idempotency key of its own (made
    outside the timed request), so that every save makes a new item."""
    return urlencode({**ITEM, "idempotency_key": str(uuid.uuid4())})


def check(response, status):
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response


def measure(client, repeat: int) -> dict:
    def nothing():
        return None

    def request(method, url, status, *args, **extra):
        return nothing, lambda _: check(getattr(client, method)(url, *args, **extra), status)

    measures = {
        "minimal": request("get", "/bench/minimal/", 200),
        "minimal_logged_in": request("get", "/bench/minimal-logged-in/", 200),
        "minimal_write": request("post", "/bench/minimal-write/", 200),
        "same_writes": request("post", "/bench/same-writes/", 200),
    }
    for size in SIZES:
        base = f"/evaluaties/bench/casussen/{size}/"
        measures[("save", size)] = (
            item_form,
            lambda form, base=base: check(
                client.post(base + "invoer/", form, FORM_TYPE, **HTMX), 200
            ),
        )
        measures[("unchanged", size)] = (
            # The revision the screen shows, read outside the request: saves go on meanwhile.
            lambda size=size: Case.objects.get(code=str(size)).revision,
            lambda revision, base=base: check(
                client.get(base + "sessie/", {"revision": revision}, **HTMX), 204
            ),
        )
    results = timed_in_turns(measures, repeat)
    # Counted after the timing: capturing turns on the query log, which costs time itself.
    for name, (prepare, run) in [
        ("minimal_write", measures["minimal_write"]),
        ("same_writes", measures["same_writes"]),
        ("save", measures[("save", 10)]),
    ]:
        argument = prepare()
        with CaptureQueriesContext(connection) as queries:
            run(argument)
        results[("statements", name)] = len(queries.captured_queries)
    for size in SIZES:  # not a target, and two seconds at 10,000 items: fewer runs
        base = f"/evaluaties/bench/casussen/{size}/"
        redraw_repeat = max(3, repeat // (10 if size >= 1000 else 1))
        results[("changed", size)] = timed(
            lambda base=base: check(client.get(base + "sessie/", {"revision": "x"}, **HTMX), 200),
            redraw_repeat,
        )
    return results


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def http_server(static=False):
    """Django's threaded WSGI server (the one runserver uses) on a free port of 127.0.0.1;
    ``static``: serving the static files too, as runserver does (for the browser)."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(WSGIHandler()) if static else WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def measure_http(port: int, session_key: str, repeat: int) -> dict:
    """The same requests as a browser sends them: over a connection of its own each, with
    the session cookie, and for the save the CSRF token the entry page hands out."""
    cookies = {"sessionid": session_key}

    def send(method, path, status, body=None, content_type=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        headers["HX-Request"] = "true"
        if "csrftoken" in cookies:
            headers["X-CSRFToken"] = cookies["csrftoken"]
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert response.status == status, (method, path, response.status)
        return response

    entry = "/evaluaties/bench/casussen/10/invoer/"
    page = send("GET", entry, 200)
    for header in page.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";")[0].split("=", 1)
        cookies[name] = value

    def request(method, path, status, *args):
        return lambda: None, lambda _: send(method, path, status, *args)

    return timed_in_turns(
        {
            "minimal": request("GET", "/bench/minimal/", 200),
            "minimal_logged_in": request("GET", "/bench/minimal-logged-in/", 200),
            "minimal_write": request("POST", "/bench/minimal-write/", 200),
            "save": (item_form, lambda form: send("POST", entry, 200, form, FORM_TYPE)),
            "unchanged": (
                lambda: Case.objects.get(code="10").revision,
                lambda revision: send(
                    "GET", f"/evaluaties/bench/casussen/10/sessie/?revision={revision}", 204
                ),
            ),
        },
        repeat,
    )


def report_http(results: dict, repeat: int) -> None:
    print(
        f"\nOver HTTP: Django's threaded WSGI-server, één verbinding per verzoek, "
        f"mediaan van {repeat}\n"
    )
    names = {
        "minimal": "minimale Django-view (HttpResponse)",
        "minimal_logged_in": "minimale view, ingelogd",
        "minimal_write": "minimale view, ingelogd, schrijft 1 rij",
        "save": "opslaan (10 items)",
        "unchanged": "ongewijzigd verversen (10 items)",
    }
    for key, name in names.items():
        ms = results[key]
        print(f"  {name:<40} {ms:6.2f} ms  {ms / results['minimal']:5.1f} ×")


def settings_line() -> str:
    """What both sides of every ratio run with. DEBUG is off in the measured requests as in
    production (no query log); Django keeps compiled templates in both modes (the cached
    loader, since 4.1), so production's settings would give the same yardstick; the one
    production difference, WhiteNoise's middleware, only serves /static/ and adds the same
    to every request."""
    engine = engines["django"].engine
    loaders = [loader.__module__.rsplit(".", 1)[-1] for loader in engine.template_loaders]
    return f"DEBUG {'aan' if settings.DEBUG else 'uit'}, sjabloonladers: {', '.join(loaders)}"


def report(results: dict, repeat: int) -> None:
    minimal_ms = results["minimal"]
    print(f"Live sessie: servertijd, mediaan van {repeat} verzoeken (test client, SQLite)")
    print(f"  {settings_line()}\n")
    print(f"  minimale Django-view (HttpResponse)    {minimal_ms:8.2f} ms   1,0 ×")
    logged_in = results["minimal_logged_in"]
    ratio = logged_in / minimal_ms
    print(f"  minimale view, ingelogd                {logged_in:8.2f} ms   {ratio:.1f} ×")
    write = results["minimal_write"]
    print(f"  minimale view, ingelogd, schrijft 1 rij {write:7.2f} ms   {write / minimal_ms:.1f} ×")
    same = results["same_writes"]
    print(
        f"  ingelogd, de schrijfopdrachten van opslaan {same:4.2f} ms   {same / minimal_ms:.1f} ×"
    )
    print()
    print(
        "     items   opslaan  × minimaal  × 10 items   ongewijzigd  × 10 items   opnieuw tekenen"
    )
    for size in SIZES:
        save, poll = results[("save", size)], results[("unchanged", size)]
        print(
            f"  {size:8,d}  {save:6.2f} ms  {save / minimal_ms:6.1f} ×"
            f"   {save / results[('save', 10)]:6.2f} ×"
            f"    {poll:6.2f} ms   {poll / results[('unchanged', 10)]:6.2f} ×"
            f"    {results[('changed', size)]:9.1f} ms".replace(",", ".")
        )
    save_ratio = results[("save", 10)] / minimal_ms
    growth_save = results[("save", 10_000)] / results[("save", 10)]
    growth_poll = results[("unchanged", 10_000)] / results[("unchanged", 10)]
    print()
    print(f"  opslaan / minimale view (10 items)        {save_ratio:5.2f} ×")
    write_ratio = results[("save", 10)] / write
    print(f"  opslaan / minimale schrijvende view       {write_ratio:5.2f} ×   doel ≤ 3")
    same_ratio = results[("save", 10)] / results["same_writes"]
    print(
        f"  opslaan / dezelfde schrijfopdrachten      {same_ratio:5.2f} ×   (wat de view toevoegt)"
    )
    print(
        f"  SQL-opdrachten: opslaan {results[('statements', 'save')]}, minimale schrijvende "
        f"view {results[('statements', 'minimal_write')]}, dezelfde schrijfopdrachten "
        f"{results[('statements', 'same_writes')]} (sessie en gebruiker meegeteld)"
    )
    print(f"  opslaan 10.000 / 10 items                 {growth_save:5.2f} ×   doel ≤ 1,5")
    print(f"  ongewijzigd verversen 10.000 / 10 items   {growth_poll:5.2f} ×   doel ≤ 1,5")


# The typical items as the notulist types them from the Soort field, in the order of the
# entry row: soort, werkwijze, start, eind, omschrijving, then per line prijsitem, aantal,
# frequentie, … A string is typed, a name in braces is one key (or chord). After each item:
# what the database must hold (description, number of lines, the first line's fixed amount).
TYPICAL = {
    "gebeurtenis": (
        ["g", "{Tab}", "m", "{Tab}", "1 sep 2016", "{Tab}", "{Tab}", "Melding bij de gemeente"],
        ("Melding bij de gemeente", 0, None),
    ),
    "één kostenregel": (
        ["o", "{Tab}", "m", "{Tab}", "sep 2016", "{Tab}", "dec 2016", "{Tab}", "Begeleiding"]
        + ["{Tab}", "KM", "{Tab}", "2", "{Tab}", "w"],
        ("Begeleiding", 1, None),
    ),
    "twee kostenregels": (
        ["o", "{Tab}", "m", "{Tab}", "sep 2016", "{Tab}", "dec 2016", "{Tab}", "Twee regels"]
        + ["{Tab}", "KM", "{Tab}", "2", "{Tab}", "w", "{Alt+KeyK}", "KM", "{Tab}", "1"],
        ("Twee regels", 2, None),
    ),
    "vast bedrag": (
        ["o", "{Tab}", "m", "{Tab}", "3-10-2016", "{Tab}", "{Tab}", "Tandarts betaald"]
        + ["{Alt+KeyV}", "436,70"],
        ("Tandarts betaald", 1, Decimal("436.70")),
    ),
}


def measure_keys(port: int, session_key: str) -> dict:
    """Keystrokes and Tabs per typical item, Enter included, typed into the entry screen."""
    from playwright.sync_api import expect, sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        context = browser.new_context()
        cookie = {"name": "sessionid", "value": session_key, "domain": "127.0.0.1", "path": "/"}
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/evaluaties/bench/casussen/10/invoer/")
        for name, (steps, (description, line_count, fixed)) in TYPICAL.items():
            expect(page.locator("#quick-entry [name=kind]")).to_be_focused()
            keys = tabs = 0
            for step in [*steps, "{Enter}"]:
                if step.startswith("{"):
                    page.keyboard.press(step[1:-1])
                    keys += 1
                    tabs += step == "{Tab}"
                else:
                    page.keyboard.type(step)
                    keys += len(step)
            expect(page.locator("#entry-status")).to_contain_text(f"Opgeslagen: {description}")
            item = TimelineItem.objects.filter(description=description).latest("pk")
            lines = list(item.lines.all())
            assert len(lines) == line_count, (name, len(lines))
            assert fixed is None or lines[0].fixed_amount == fixed, (name, lines[0].fixed_amount)
            results[name] = (keys, tabs)
        browser.close()
    return results


def report_keys(results: dict) -> None:
    print(
        "\nToetsenbord: per typisch item, getypt in het invoerscherm (Chromium), Enter meegeteld\n"
    )
    print("  item                  toetsaanslagen   Tabs")
    for name, (keys, tabs) in results.items():
        print(f"  {name:<22} {keys:10d}   {tabs:6d}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--no-keys", action="store_true", help="without the keyboard count in Chromium"
    )
    args = parser.parse_args()
    # The test client's host; not setup_test_environment(), whose template instrumentation
    # would slow down every render measured.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "127.0.0.1"]
    settings.DEBUG = False  # no query log in the measured requests
    with override_settings(ROOT_URLCONF=__name__):
        user = setup()
        client = Client()
        client.force_login(user)
        report(measure(client, args.repeat), args.repeat)
        with http_server() as port:
            report_http(measure_http(port, client.session.session_key, args.repeat), args.repeat)
        if args.no_keys:
            return
        with http_server(static=True) as port:
            report_keys(measure_keys(port, client.session.session_key))


if __name__ == "__main__":
    main()
