"""Which transport carries a change between processes on PostgreSQL (issue 10, item 5): side by
side in one run, on a private cluster (``scripts/postgres start``, 127.0.0.1 only), the same
stream of ``--messages`` changes (500), one every ``--every`` ms (5), is sent and heard

1. **psycopg's own notifies**, as ``cases/live.py`` does it: ``SELECT pg_notify(channel,
   payload)`` on the sending connection, one listening connection per process in a thread
   that reads ``conn.notifies()``;
2. **channels-postgres** (the channel layer on LISTEN/NOTIFY that the issue names): one
   channel in a group, ``group_send`` from the sender and ``receive`` in the listener, as a
   Channels consumer of a case's group would; it stores each message in its table and a
   trigger NOTIFYs.

For each: delivery latency (sent → heard, p50/p95/max), the CPU of this process (sender and
listener together, per message) and of the PostgreSQL server (all its processes, from /proc),
and what was lost or heard twice. django-eventstream is not measured: it carries events
between processes through Redis or a GRIP proxy (Pushpin), not through PostgreSQL, so on this
stack it would need a second service.

channels-postgres is not a dependency of the project; this bench brings it for the run:

    uv run --with channels-postgres==1.1.4 python bench/push_transport.py  # --messages 500
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CHANNEL = "bench_transport"


DATA_DIR = ROOT / "var/pg/data"


def _server_cpu(_port: int) -> float:
    """CPU seconds used so far by the PostgreSQL processes of the private cluster (its
    postmaster and every backend it forked), from /proc."""
    pid_file = DATA_DIR / "postmaster.pid"
    postmaster = int(pid_file.read_text().split()[0])
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == postmaster or ppid == postmaster:
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLOCK_TICKS


def _summary(name, latencies, sent, heard_twice, cpu_self, cpu_server):
    ms = sorted(latency * 1000 for latency in latencies)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)] if ms else float("nan")
    return {
        "name": name,
        "p50": statistics.median(ms) if ms else float("nan"),
        "p95": p95,
        "max": ms[-1] if ms else float("nan"),
        "lost": sent - len(latencies),
        "twice": heard_twice,
        "self_ms": cpu_self * 1000 / sent,
        "server_ms": cpu_server * 1000 / sent,
    }


def psycopg_notifies(conninfo: dict, port: int, messages: int, every: float) -> dict:
    import psycopg  # noqa: PLC0415

    heard: dict[int, float] = {}
    twice = 0
    listening = threading.Event()
    stop = threading.Event()

    def listen():
        nonlocal twice
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            listening.set()
            while not stop.is_set():
                for note in conn.notifies(timeout=0.5):
                    number = int(note.payload.partition(":")[0])
                    if number in heard:
                        twice += 1
                    else:
                        heard[number] = time.perf_counter()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    listening.wait(5)
    sent: dict[int, float] = {}
    cpu_self, cpu_server = time.process_time(), _server_cpu(port)
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        for number in range(messages):
            sent[number] = time.perf_counter()
            conn.execute("SELECT pg_notify(%s, %s)", [CHANNEL, f"{number}:{number + 1}"])
            time.sleep(every)
    deadline = time.monotonic() + 5
    while len(heard) < messages and time.monotonic() < deadline:
        time.sleep(0.01)
    cpu_self, cpu_server = time.process_time() - cpu_self, _server_cpu(port) - cpu_server
    stop.set()
    listener.join(2)
    latencies = [heard[n] - sent[n] for n in sent if n in heard]
    return _summary("psycopg notifies", latencies, messages, twice, cpu_self, cpu_server)


def channels_postgres(url: str, port: int, messages: int, every: float) -> dict:
    import django  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    parts = urlparse(url)
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username,
        "PASSWORD": parts.password,
        "HOST": parts.hostname,
        "PORT": str(parts.port),
    }
    settings.configure(
        INSTALLED_APPS=["channels_postgres"],
        DATABASES={"default": database, "channels_postgres": database},
        USE_TZ=True,
    )
    django.setup()
    call_command("migrate", "channels_postgres", verbosity=0)
    from channels_postgres.core import PostgresChannelLayer  # noqa: PLC0415

    async def run():
        layer = PostgresChannelLayer(group_expiry=3600, **database)
        channel = await layer.new_channel()
        await layer.group_add("case-1", channel)
        heard: dict[int, float] = {}
        twice = 0

        async def listen():
            nonlocal twice
            while True:
                message = await layer.receive(channel)
                number = message["number"]
                if number in heard and number >= 0:
                    twice += 1
                else:
                    heard[number] = time.perf_counter()

        listener = asyncio.create_task(listen())
        # The first receive starts the layer's listening connection: a message sent before
        # it LISTENs may go unheard, so the warm-up is sent until one arrives.
        deadline = time.monotonic() + 10
        while -1 not in heard:
            if listener.done():
                listener.result()  # raises what stopped it
            if time.monotonic() > deadline:
                raise RuntimeError("channels-postgres delivered nothing within 10 s")
            await layer.group_send("case-1", {"type": "revision", "number": -1})
            await asyncio.sleep(0.5)
        await asyncio.sleep(0.5)  # any further warm-ups arrive before the measurement
        sent: dict[int, float] = {}
        cpu_self, cpu_server = time.process_time(), _server_cpu(port)
        for number in range(messages):
            sent[number] = time.perf_counter()
            await layer.group_send("case-1", {"type": "revision", "number": number})
            await asyncio.sleep(every)
        deadline = time.monotonic() + 5
        while len(heard) - 1 < messages and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        cpu_self, cpu_server = time.process_time() - cpu_self, _server_cpu(port) - cpu_server
        listener.cancel()
        latencies = [heard[n] - sent[n] for n in sent if n in heard]
        return _summary("channels-postgres", latencies, messages, twice, cpu_self, cpu_server)

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--every", type=float, default=5.0, help="ms between messages")
    parser.add_argument(
        "--database-url", help="a running cluster to use instead of scripts/postgres's own"
    )
    parser.add_argument("--data-dir", help="that cluster's data directory (for its CPU)")
    args = parser.parse_args()
    global DATA_DIR
    port = int(os.environ.get("PGPORT", "54329"))
    if args.database_url:
        url, DATA_DIR = args.database_url, Path(args.data_dir)
    else:
        url = subprocess.run(
            [str(ROOT / "scripts/postgres"), "start"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PGPORT": str(port)},
        ).stdout.strip()
    print("PostgreSQL:", url.rsplit("@", 1)[-1], flush=True)
    try:
        parts = urlparse(url)
        conninfo = {
            "dbname": parts.path.lstrip("/"),
            "user": parts.username,
            "password": parts.password,
            "host": parts.hostname,
            "port": parts.port,
        }
        every = args.every / 1000
        load = os.getloadavg()
        results = [psycopg_notifies(conninfo, port, args.messages, every)]
        print("psycopg notifies: done", flush=True)
        results.append(channels_postgres(url, port, args.messages, every))
    finally:
        if not args.database_url:
            subprocess.run([str(ROOT / "scripts/postgres"), "stop"], cwd=ROOT, check=False)
    print(
        f"{args.messages} wijzigingen, één per {args.every:g} ms, op 127.0.0.1 "
        f"(load bij de start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cores)"
    )
    print(
        f"  {'transport':<20}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'kwijt':>7}{'dubbel':>8}"
        f"{'CPU ms/wijz.':>14}{'PG CPU ms/wijz.':>17}"
    )
    for r in results:
        print(
            f"  {r['name']:<20}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['max']:>9.2f}{r['lost']:>7}"
            f"{r['twice']:>8}{r['self_ms']:>14.3f}{r['server_ms']:>17.3f}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
