"""Pushed updates: every open session screen of a case hears at once that the case changed.

Every write to a case's timeline or figures raises ``Case.revision`` (``Case.bump_revision``
and ``Case.bump_revisions``); those two call :func:`changed`, which on commit reads the new
revisions once and publishes them. A stream (``cases/views/live.py``) subscribes to its case
in this process's :data:`hub` and passes each new revision to the browser as a Server-Sent
Event; the browser then fetches the board.

Between processes the revisions travel by PostgreSQL ``NOTIFY`` on one channel; each web
process runs one listening connection (a daemon thread, :class:`PostgresListener`) that
hands them to its hub. On SQLite (development, one process) publishing hands them to the
hub directly. ``LIVE_BACKEND`` in the settings chooses ("postgres" or "local").

The hub is safe across threads and event loops: a save runs in a worker thread (a sync
view), a stream waits in the server's event loop (ASGI) or in a thread of its own (WSGI's
threaded test server), and the PostgreSQL listener in its own thread.
"""

import abc
import asyncio
import contextlib
import logging
import threading
import time
from collections import defaultdict

from django.conf import settings
from django.db import connections, transaction

log = logging.getLogger(__name__)

CHANNEL = "effectencalculator_case"
# NOTIFY refuses payloads of 8000 bytes or more; an evaluation-wide change is sent in parts.
PAYLOAD_LIMIT = 7000

# What a subscriber can be told besides a revision.
RESYNC = -1  # notifications may have been lost (the listener reconnected): read the revision
CLOSED = -2  # the stream should end (shutdown, or a test cutting the connection)


def _rank(value: int) -> tuple[int, int]:
    return (2 if value == CLOSED else 1 if value == RESYNC else 0, value)


class Subscriber(abc.ABC):
    """One open stream of one case. It keeps only the newest thing it was told: a screen
    that was slow to read needs the latest revision, not every one in between."""

    def __init__(self, case_pk: int):
        self.case_pk = case_pk
        self._pending: int | None = None
        self._lock = threading.Lock()

    def offer(self, value: int) -> None:
        """Keep ``value`` if it says more than what is pending: CLOSED beats everything,
        RESYNC beats a revision (reading the case gives the newest anyway), and a newer
        revision an older one."""
        with self._lock:
            if self._pending is None or _rank(value) > _rank(self._pending):
                self._pending = value
        self._wake()

    def _take(self) -> int | None:
        with self._lock:
            value, self._pending = self._pending, None
            if value == CLOSED:
                self._pending = CLOSED
            return value

    @abc.abstractmethod
    def _wake(self) -> None:
        """Wake whoever waits in :meth:`get` (a thread or an event loop)."""


class AsyncSubscriber(Subscriber):
    """A stream served in an event loop (ASGI)."""

    def __init__(self, case_pk: int):
        super().__init__(case_pk)
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()

    def _wake(self) -> None:
        # Called from any thread: the event belongs to the loop.
        with contextlib.suppress(RuntimeError):  # the loop closed: the stream is gone
            self._loop.call_soon_threadsafe(self._event.set)

    async def get(self, timeout: float) -> int | None:
        """The newest news, or None when ``timeout`` seconds passed without any."""
        value = self._take()
        if value is not None:
            return value
        self._event.clear()
        value = self._take()  # offered between the first take and the clear
        if value is not None:
            return value
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return None
        return self._take()


class ThreadSubscriber(Subscriber):
    """A stream served by a thread of its own (WSGI, as the test server is)."""

    def __init__(self, case_pk: int):
        super().__init__(case_pk)
        self._event = threading.Event()

    def _wake(self) -> None:
        self._event.set()

    def get(self, timeout: float) -> int | None:
        value = self._take()
        if value is not None:
            return value
        self._event.clear()
        value = self._take()
        if value is not None:
            return value
        self._event.wait(timeout)
        return self._take()


class Hub:
    """This process's open streams, by case."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_case: dict[int, set[Subscriber]] = defaultdict(set)

    def subscribe(self, subscriber: Subscriber) -> Subscriber:
        with self._lock:
            self._by_case[subscriber.case_pk].add(subscriber)
        ensure_listening()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            watchers = self._by_case.get(subscriber.case_pk)
            if watchers is not None:
                watchers.discard(subscriber)
                if not watchers:
                    del self._by_case[subscriber.case_pk]

    def count(self) -> int:
        with self._lock:
            return sum(len(watchers) for watchers in self._by_case.values())

    def deliver(self, revisions: dict[int, int]) -> None:
        """Tell every stream of each case its new revision."""
        with self._lock:
            targets = [
                (subscriber, revision)
                for case_pk, revision in revisions.items()
                for subscriber in self._by_case.get(case_pk, ())
            ]
        for subscriber, revision in targets:
            subscriber.offer(revision)

    def _everyone(self, value: int) -> None:
        with self._lock:
            targets = [s for watchers in self._by_case.values() for s in watchers]
        for subscriber in targets:
            subscriber.offer(value)

    def resync(self) -> None:
        """Every stream reads its case's revision again (news may have been missed)."""
        self._everyone(RESYNC)

    def close_all(self) -> None:
        """End every stream; the browsers reconnect (and tests cut connections this way)."""
        self._everyone(CLOSED)


hub = Hub()


def backend() -> str:
    return getattr(settings, "LIVE_BACKEND", "local")


# Writing side ---------------------------------------------------------------------------


def changed(*, case_pks=(), evaluation_pk: int | None = None) -> None:
    """The revisions of these cases (or of every case of the evaluation) were raised in the
    current transaction: publish them once it commits. Nothing is published for a
    transaction that rolls back, and a screen never fetches before the change is visible."""
    case_pks = tuple(case_pks)
    transaction.on_commit(lambda: publish_safely(case_pks, evaluation_pk))


def changed_to(revisions: dict[int, int]) -> None:
    """:func:`changed`, where the statement that raised the revisions also answered them (the
    entry screen's save): published as they are once the transaction commits, without
    reading them back. A later change publishes its own, higher revision."""
    transaction.on_commit(lambda: publish_safely(revisions=revisions))


def publish_safely(case_pks=(), evaluation_pk=None, revisions=None) -> None:
    """Publish; a failure is logged and never undoes the committed save (screens catch up on
    their next change, reconnect or poll)."""
    try:
        publish(revisions if revisions is not None else current_revisions(case_pks, evaluation_pk))
    except Exception:
        log.exception("Kon de wijziging niet doorgeven aan de open sessieschermen.")


def current_revisions(case_pks=(), evaluation_pk=None) -> dict[int, int]:
    from cases.models import Case  # noqa: PLC0415 — the models import this module

    cases = Case.objects.all()
    if evaluation_pk:
        cases = cases.filter(evaluation=evaluation_pk)
    else:
        cases = cases.filter(pk__in=case_pks)
    return dict(cases.values_list("pk", "revision"))


def publish(revisions: dict[int, int]) -> None:
    if not revisions:
        return
    if backend() == "postgres":
        with connections["default"].cursor() as cursor:
            for payload in encode(revisions):
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
    else:
        hub.deliver(revisions)


def encode(revisions: dict[int, int]) -> list[str]:
    """ "pk:revision,pk:revision" in parts below NOTIFY's limit."""
    parts, current = [], ""
    for pk, revision in sorted(revisions.items()):
        pair = f"{pk}:{revision}"
        if current and len(current) + len(pair) + 1 > PAYLOAD_LIMIT:
            parts.append(current)
            current = ""
        current = f"{current},{pair}" if current else pair
    return [*parts, current] if current else parts


def decode(payload: str) -> dict[int, int]:
    revisions = {}
    for pair in payload.split(","):
        pk, _, revision = pair.partition(":")
        if pk.isdigit() and revision.isdigit():
            revisions[int(pk)] = int(revision)
    return revisions


# Listening side (PostgreSQL) --------------------------------------------------------------


class PostgresListener(threading.Thread):
    """One connection per process that LISTENs and hands each notification to the hub.

    A thread with psycopg's blocking ``notifies()`` serves ASGI and WSGI alike and never
    holds up the event loop. When the connection breaks it reconnects with a growing pause
    and then asks every stream to read its revision again, as notifications sent in between
    are lost."""

    def __init__(self):
        super().__init__(name="live-listener", daemon=True)
        self.connected = threading.Event()
        self._stopping = threading.Event()

    def conninfo(self) -> dict:
        db = connections["default"].settings_dict
        params = {
            "dbname": db["NAME"],
            "user": db["USER"],
            "password": db["PASSWORD"],
            "host": db["HOST"],
            "port": db["PORT"],
        }
        return {key: value for key, value in params.items() if value}

    def run(self) -> None:
        import psycopg  # noqa: PLC0415 — only with PostgreSQL

        pause, first = 0.2, True
        while not self._stopping.is_set():
            try:
                with psycopg.connect(**self.conninfo(), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    pause = 0.2
                    if not first:
                        hub.resync()
                    first = False
                    while not self._stopping.is_set():
                        # The timeout lets the thread notice stop() and a dead connection.
                        for note in conn.notifies(timeout=2):
                            hub.deliver(decode(note.payload))
                        conn.execute("SELECT 1")
            except Exception:
                self.connected.clear()
                if self._stopping.is_set():
                    break
                log.warning("Live-verbinding met PostgreSQL verbroken; opnieuw over %.1f s", pause)
                time.sleep(pause)
                pause = min(pause * 2, 5)

    def stop(self) -> None:
        self._stopping.set()


_listener: PostgresListener | None = None
_listener_lock = threading.Lock()


def wait_listening(seconds: float = 2.0) -> None:
    """Wait until this process's listener is LISTENing, so that nothing committed after
    this call goes unheard (PostgreSQL only; returns at once otherwise)."""
    listener = ensure_listening()
    if listener is not None:
        listener.connected.wait(seconds)


def ensure_listening() -> PostgresListener | None:
    """Start this process's listener on the first stream (PostgreSQL only)."""
    global _listener
    if backend() != "postgres":
        return None
    with _listener_lock:
        if _listener is None or not _listener.is_alive():
            _listener = PostgresListener()
            _listener.start()
        return _listener


def stop_listening(seconds: float = 5.0) -> None:
    """Stop this process's listener and wait for its connection to close (tests, before
    their database is dropped)."""
    global _listener
    with _listener_lock:
        listener, _listener = _listener, None
    if listener is not None:
        listener.stop()
        listener.join(seconds)
