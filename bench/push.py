"""Benchmark of pushed updates (issue 10, item 5), side by side in one run, 127.0.0.1 only:

1. **Enter → visible in a second client**, over ``--saves`` saves (100): a notulist client
   posts items to the entry screen as htmx does; a *pushed* client holds the session
   screen's stream and fetches the board on each revision (as live.js does); a *polled*
   client asks for the board every second with its revision (the old screen). Both watch
   at once; "visible" is the moment the board holding the new item has arrived. p50/p95.
2. **Server CPU of idle screens**: 1, 10 and 100 open streams against 1, 10 and 100
   clients polling every second, each over ``--window`` seconds (20, a shortened hour: the
   figures are scaled to an hour and say so); the server's user+system CPU from /proc.
3. **50 live sessions at once on PostgreSQL** (``scripts/postgres start``, a private
   cluster), for ``--minutes`` (2): two uvicorn workers, so that changes cross processes
   by LISTEN/NOTIFY; per session a notulist saving every 5 s and four stream clients (the
   chair and three viewers) that fetch the board on each revision. p95 of a save and of its
   delivery (save sent → board with the item received), and every item counted on every
   screen at the end: 0 lost, 0 duplicated. Skipped with ``--no-postgres``.

Parts 1 and 2 run on SQLite (one uvicorn process, the in-process path). The clients are
httpx in this process's event loop, not browsers; the sessions are made directly in the
database (no log-in throttling). The server is the ASGI app as scripts/serve runs it, without
debug; the clients send ``X-Forwarded-Proto: https`` as the TLS proxy in front would.

    .venv/bin/python bench/push.py [--saves 100] [--window 20] [--minutes 2] [--no-postgres]
"""

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SECRET_KEY = "bench-" + secrets.token_hex(32)  # one per run: the sessions are signed with it
CSRF = secrets.token_hex(16)  # 32 characters: Django takes an unmasked secret as the token


# The server ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    # As in production (no debug), behind a TLS proxy that the clients' header stands for.
    return env | {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="bench-push-static-"),
    }


def prepare(database_url: str, cases: int) -> dict:
    """Migrate, and make an evaluation with ``cases`` cases and logged-in sessions, in a
    process of its own (so this one never holds Django)."""
    code = f"""
import django, json
django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from accounts.models import Membership, Role
from cases.models import Case, Evaluation, Scenario
from pricelist.models import PriceList, create_organisation
call_command("migrate", verbosity=0)
organisation = create_organisation("Benchmark")
users = {{}}
for name, role in (("notulist", Role.NOTULIST), ("kijker", Role.BELEIDSMEDEWERKER)):
    user = get_user_model().objects.create_user(name, password="bench-only-password")
    Membership.objects.create(organisation=organisation, user=user, role=role)
    client = Client()
    client.force_login(user)
    users[name] = client.cookies["sessionid"].value
price_list = PriceList.objects.create(organisation=organisation, name="Bench")
evaluation = Evaluation.objects.create(
    organisation=organisation, slug="bench", title="Bench", price_list=price_list
)
Scenario.objects.create(evaluation=evaluation, code="met", name="Met", position=1)
Scenario.objects.create(
    evaluation=evaluation, code="zonder", name="Zonder", is_reference=True, position=2
)
for n in range(1, {cases} + 1):
    Case.objects.create(evaluation=evaluation, code=str(n), title=f"Casus {{n}}",
                        start_date=date(2016, 1, 1), end_date=date(2018, 12, 31))
print(json.dumps(users))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(database_url) | {"DJANGO_SETTINGS_MODULE": "effectencalculator.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json  # noqa: PLC0415

    return json.loads(out.strip().splitlines()[-1])


class Server:
    """uvicorn on the ASGI app, in a process group of its own."""

    def __init__(self, database_url: str, workers: int = 1):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # Kept open as long as the server runs; read when it fails to start.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-push-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/uvicorn"),
                "effectencalculator.asgi:application",
                "--host=127.0.0.1",
                f"--port={self.port}",
                f"--workers={workers}",
                "--lifespan=off",
                "--log-level=warning",
                "--timeout-graceful-shutdown=1",
            ],
            cwd=ROOT,
            env=_env(database_url),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(self.base + "/gezond/", timeout=2)  # answers over plain HTTP too
                break
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(Path(self.log.name).read_text()) from None
                time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """User + system CPU of every process of the server's group."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # the process group
                total += int(fields[11]) + int(fields[12])
        return total / CLOCK_TICKS

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# The clients --------------------------------------------------------------------------------


def client(server: Server, session: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server.base,
        cookies={"sessionid": session, "csrftoken": CSRF},
        headers={"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{server.port}/"},
        timeout=httpx.Timeout(30, read=None),
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=None),
    )


def case_url(code) -> str:
    return f"/evaluaties/bench/casussen/{code}/"


async def save(notulist: httpx.AsyncClient, code, description: str) -> float:
    """Post one item as the quick-entry row does; the seconds it took."""
    started = time.perf_counter()
    response = await notulist.post(
        case_url(code) + "invoer/",
        data={
            "formprefix": "",
            "regels": "1",
            "kind": "ondersteuning",
            "scenario": "met",
            "start": "1 sep 2016",
            "end": "",
            "description": description,
            "regel0-fixed_amount": "100",
            "idempotency_key": str(uuid.uuid4()),
        },
        headers={"HX-Request": "true", "X-CSRFToken": CSRF},
    )
    # The entry screen's outbox answer: the item's row and "Opgeslagen: …" in the status.
    assert response.status_code == 200 and "Opgeslagen: " in response.text, (
        response.status_code,
        response.text[:300],
    )
    return time.perf_counter() - started


REVISION = re.compile(r"[?&]revision=(\d+)")


class Screen:
    """One session screen: the board it shows, fetched when told (pushed) or every second
    (polled). ``seen`` maps each item text to when it first arrived and how often the
    board held it at the end."""

    def __init__(self, http: httpx.AsyncClient, code, pattern: re.Pattern):
        self.http, self.code, self.pattern = http, code, pattern
        self.revision = -1
        self.seen: dict[str, float] = {}
        self.last_counts: dict[str, int] = {}
        self.fetching = False
        self.again = False
        self.events = 0
        self.drops = 0
        self.errors = 0
        self.tasks = set()

    async def fetch(self):
        if self.fetching:
            self.again = True  # a change arrived mid-fetch: fetch once more after it
            return
        self.fetching = True
        try:
            while True:
                self.again = False
                try:
                    response = await self.http.get(
                        case_url(self.code) + "sessie/",
                        params={"revision": self.revision},
                        headers={"HX-Request": "true"},
                    )
                except httpx.HTTPError:
                    self.errors += 1
                    return
                arrived = time.perf_counter()
                if response.status_code >= 500:
                    self.errors += 1
                if response.status_code == 200:
                    found = REVISION.search(response.text)
                    self.revision = int(found.group(1))
                    # Items are counted on the time axis (or list) only: the strip of the
                    # last three changes under it names the newest items a second time.
                    stage = response.text.split('class="board-stage"', 1)[-1]
                    stage = stage.split('class="board-changes"', 1)[0]
                    counts = {}
                    for text in self.pattern.findall(stage):
                        counts[text] = counts.get(text, 0) + 1
                        self.seen.setdefault(text, arrived)
                    self.last_counts = counts
                if not self.again:
                    return
        finally:
            self.fetching = False

    async def follow(self, stop: asyncio.Event):
        """Hold the stream; fetch the board on each new revision. A dropped stream is
        counted and opened again after a second, as the browser's EventSource does."""
        while not stop.is_set():
            try:
                await self._stream(stop)
            except (httpx.HTTPError, AssertionError):
                self.drops += 1
                await asyncio.sleep(1)

    async def _stream(self, stop: asyncio.Event):
        async with self.http.stream("GET", case_url(self.code) + "sessie/stroom/") as stream:
            assert stream.status_code == 200
            event = None
            async for line in stream.aiter_lines():
                if stop.is_set():
                    return
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "revision":
                    self.events += 1
                    if int(line[6:]) != self.revision:
                        self.tasks.add(task := asyncio.create_task(self.fetch()))
                        task.add_done_callback(self.tasks.discard)

    async def poll(self, stop: asyncio.Event, every: float = 1.0):
        await asyncio.sleep(random.random() * every)
        while not stop.is_set():
            started = time.perf_counter()
            await self.fetch()
            await asyncio.sleep(max(0, every - (time.perf_counter() - started)))


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


# 1. Enter → visible -------------------------------------------------------------------------


async def latency(server: Server, users: dict, saves: int) -> dict:
    pattern = re.compile(r"Bench-item \d+")
    async with (
        client(server, users["notulist"]) as notulist,
        client(server, users["kijker"]) as pushed_http,
        client(server, users["kijker"]) as polled_http,
    ):
        pushed, polled = Screen(pushed_http, 1, pattern), Screen(polled_http, 1, pattern)
        await pushed.fetch()
        await polled.fetch()
        stop = asyncio.Event()
        tasks = [asyncio.create_task(pushed.follow(stop)), asyncio.create_task(polled.poll(stop))]
        await asyncio.sleep(1)
        sent = {}
        for n in range(saves):
            text = f"Bench-item {n}"
            sent[text] = time.perf_counter()
            await save(notulist, 1, text)
            await asyncio.sleep(random.uniform(0.3, 0.9))
        await asyncio.sleep(2)
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    result = {}
    for name, screen in (("pushed", pushed), ("polled", polled)):
        delays = [screen.seen[text] - at for text, at in sent.items() if text in screen.seen]
        result[name] = (statistics.median(delays), percentile(delays, 0.95), len(delays))
    return result


# 2. CPU of idle screens ---------------------------------------------------------------------


async def idle_cpu(server: Server, users: dict, screens: int, mode: str, window: float) -> float:
    pattern = re.compile(r"$^")
    async with client(server, users["kijker"]) as http:
        watchers = [Screen(http, 1, pattern) for _ in range(screens)]
        stop = asyncio.Event()
        if mode == "pushed":
            tasks = [asyncio.create_task(w.follow(stop)) for w in watchers]
        else:
            await watchers[0].fetch()
            for w in watchers:
                w.revision = watchers[0].revision
            tasks = [asyncio.create_task(w.poll(stop)) for w in watchers]
        # Every stream connected and its first board fetched: only idleness is measured.
        while any(w.revision < 0 for w in watchers):
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)
        before = server.cpu_seconds()
        await asyncio.sleep(window)
        used = server.cpu_seconds() - before
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return used


# 3. 50 live sessions on PostgreSQL ----------------------------------------------------------


async def sessions(server: Server, users: dict, count: int, minutes: float) -> dict:
    pattern = re.compile(r"Sessie \d+ item \d+")
    stop = asyncio.Event()
    save_times, sent, failed = [], {}, []
    async with (
        client(server, users["notulist"]) as notulist,
        client(server, users["kijker"]) as viewers_http,
    ):
        screens = {
            code: [Screen(viewers_http, code, pattern) for _ in range(4)]
            for code in range(1, count + 1)
        }
        tasks = [
            asyncio.create_task(screen.follow(stop))
            for group in screens.values()
            for screen in group
        ]
        await asyncio.sleep(5)  # every stream open

        async def notulist_of(code):
            await asyncio.sleep(random.random() * 5)
            n = 0
            end = time.perf_counter() + minutes * 60
            while time.perf_counter() < end:
                text = f"Sessie {code} item {n}"
                sent[text] = (code, time.perf_counter())
                try:
                    save_times.append(await save(notulist, code, text))
                except (httpx.HTTPError, AssertionError):
                    failed.append(text)
                n += 1
                await asyncio.sleep(5)

        await asyncio.gather(*(notulist_of(code) for code in screens))
        await asyncio.sleep(5)  # the last deliveries
        stop.set()
        # A last look at every board, as a screen that stayed open shows it.
        for group in screens.values():
            for screen in group:
                await screen.fetch()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    deliveries, lost, duplicated = [], 0, 0
    for text in failed:  # a save that was refused is not expected on any screen
        sent.pop(text)
    for text, (code, at) in sent.items():
        for screen in screens[code]:
            if text in screen.seen:
                deliveries.append(screen.seen[text] - at)
            if screen.last_counts.get(text, 0) == 0:
                lost += 1
            duplicated += max(0, screen.last_counts.get(text, 0) - 1)
    return {
        "saves": len(save_times),
        "save": (statistics.median(save_times), percentile(save_times, 0.95)),
        "delivery": (statistics.median(deliveries), percentile(deliveries, 0.95)),
        "lost": lost,
        "duplicated": duplicated,
        "streams": sum(len(group) for group in screens.values()),
        "failed": len(failed),
        "drops": sum(s.drops for group in screens.values() for s in group),
        "errors": sum(s.errors for group in screens.values() for s in group),
    }


# The run ------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--window", type=float, default=20)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--only-postgres", action="store_true", help="part 3 alone")
    args = parser.parse_args()
    random.seed(10)

    if not args.only_postgres:
        sqlite_parts(args)
    if not args.no_postgres:
        postgres_part(args)


def sqlite_parts(args):
    folder = tempfile.mkdtemp(prefix="bench-push-")
    database_url = f"sqlite:///{folder}/bench.sqlite3"
    users = prepare(database_url, 1)
    server = Server(database_url)
    try:
        print(f"1. Enter → visible in a second client, {args.saves} saves (SQLite, uvicorn)")
        result = asyncio.run(latency(server, users, args.saves))
        for name, (p50, p95, n) in result.items():
            print(f"   {name:7} p50 {ms(p50)}   p95 {ms(p95)}   ({n} of {args.saves} seen)")
        print(f"   ratio polled/pushed p95: {result['polled'][1] / result['pushed'][1]:.1f}×")

        hour = 3600 / args.window
        print(
            f"\n2. Server CPU of idle screens, measured over {args.window:.0f} s and scaled "
            "to an hour (×{:.0f})".format(hour)
        )
        print("   screens   pushed (CPU s/h)   polled every 1 s (CPU s/h)   pushed/polled")
        for screens in (1, 10, 100):
            pushed = asyncio.run(idle_cpu(server, users, screens, "pushed", args.window))
            polled = asyncio.run(idle_cpu(server, users, screens, "polled", args.window))
            print(
                f"   {screens:7} {pushed * hour:14.1f} {polled * hour:24.1f} "
                f"{pushed / polled if polled else 0:17.3f}"
            )
    finally:
        server.stop()


def postgres_part(args):
    url = (
        subprocess.run(
            [str(ROOT / "scripts/postgres"), "start"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    try:
        users = prepare(url, args.sessions)
        server = Server(url, workers=2)
        try:
            print(
                f"\n3. {args.sessions} live sessions for {args.minutes:g} min on PostgreSQL "
                "(2 uvicorn workers, LISTEN/NOTIFY), a save every 5 s, 4 screens each"
            )
            result = asyncio.run(sessions(server, users, args.sessions, args.minutes))
            print(f"   {result['saves']} saves, {result['streams']} open streams")
            print(f"   save      p50 {ms(result['save'][0])}   p95 {ms(result['save'][1])}")
            print(f"   delivery  p50 {ms(result['delivery'][0])}   p95 {ms(result['delivery'][1])}")
            print(f"   lost {result['lost']}, duplicated {result['duplicated']}")
            print(
                f"   failed saves {result['failed']}, dropped streams {result['drops']}, "
                f"board fetches that failed {result['errors']}"
            )
        finally:
            server.stop()
    finally:
        subprocess.run([str(ROOT / "scripts/postgres"), "stop"], cwd=ROOT, check=False)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
