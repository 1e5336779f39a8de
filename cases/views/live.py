"""The session screen's stream: Server-Sent Events that carry the case's revision.

On connect the stream sends the current revision (so a screen that was cut off sees at once
whether it missed something), then every new revision as :mod:`cases.live` hears of it,
and a ``ping`` every ``LIVE_HEARTBEAT_SECONDS`` so proxies keep the connection open and the
browser can tell a silent line from a quiet case. Each event's id is the revision, so a
browser's ``Last-Event-ID`` on reconnect is the revision it last heard of. The stream ends
after ``LIVE_STREAM_MAX_SECONDS`` with a ``bye`` event; the browser reconnects at once,
which checks access again.

Served by an ASGI server the stream waits in the event loop and holds neither a thread nor a
database connection; under WSGI (the threaded test server, or gunicorn's sync workers) it
falls back to a generator that holds its thread while the stream is open (and writes an SSE
comment each second, as only a failed write tells a WSGI server that the browser left). Under
ASGI Django cancels the stream as soon as the server reports the browser gone.
"""

import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from cases import live
from cases.access import get_case


def _give_back() -> None:
    """Close this thread's database connections, but not inside a transaction (a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def _open(user, slug: str, code: str) -> tuple[int, int]:
    """The case's pk and revision, through the one access check. The connection is given
    back at once: a stream may stay open for hours and must not hold one."""
    try:
        case, _role = get_case(user, slug, code)
        return case.pk, case.revision
    finally:
        _give_back()


def _revision(case_pk: int) -> int | None:
    """The case's revision now, or None once it is gone."""
    try:
        return live.current_revisions([case_pk]).get(case_pk)
    finally:
        _give_back()


def _event(revision: int) -> bytes:
    return f"id: {revision}\nevent: revision\ndata: {revision}\n\n".encode()


PING = b"event: ping\ndata: \n\n"
STILL_THERE = b":\n\n"  # an SSE comment: no event in the browser
THREAD_CHECK_SECONDS = 1.0
BYE = b"event: bye\ndata: \n\n"


def _retry() -> bytes:
    # How long the browser waits before reconnecting by itself after a cut.
    return f"retry: {settings.LIVE_RETRY_MS}\n\n".encode()


async def _async_events(case_pk: int, revision: int):
    # Subscribed only once the server reads the stream: a response that is never sent (a
    # middleware failing on its way out, a test that only looks at the status) leaves
    # nothing behind in the hub.
    subscriber = live.hub.subscribe(live.AsyncSubscriber(case_pk))
    try:
        yield _retry() + _event(revision)
        # A change committed between reading the revision and subscribing (or before this
        # process's PostgreSQL listener was listening) would be missed: read it once more.
        await sync_to_async(live.wait_listening)()
        subscriber.offer(live.RESYNC)
        deadline = time.monotonic() + settings.LIVE_STREAM_MAX_SECONDS
        while time.monotonic() < deadline:
            news = await subscriber.get(settings.LIVE_HEARTBEAT_SECONDS)
            if news is None:
                yield PING
                continue
            if news == live.CLOSED:
                return
            if news == live.RESYNC:
                news = await sync_to_async(_revision)(subscriber.case_pk)
                if news is None:
                    return
            if news > revision:
                revision = news
                yield _event(revision)
        yield BYE
    finally:
        live.hub.unsubscribe(subscriber)


def _thread_events(case_pk: int, revision: int):
    subscriber = live.hub.subscribe(live.ThreadSubscriber(case_pk))  # as in _async_events
    try:
        yield _retry() + _event(revision)
        live.wait_listening()
        subscriber.offer(live.RESYNC)
        deadline = time.monotonic() + settings.LIVE_STREAM_MAX_SECONDS
        beat = time.monotonic() + settings.LIVE_HEARTBEAT_SECONDS
        while time.monotonic() < deadline:
            # A WSGI server learns that the browser left only when a write fails, so the
            # thread writes a comment (ignored by EventSource) every second: a stream whose
            # browser is gone ends within about two seconds instead of holding its thread
            # until the next heartbeat.
            news = subscriber.get(min(THREAD_CHECK_SECONDS, max(beat - time.monotonic(), 0)))
            if news is None:
                if time.monotonic() >= beat:
                    beat = time.monotonic() + settings.LIVE_HEARTBEAT_SECONDS
                    yield PING
                else:
                    yield STILL_THERE
                continue
            if news == live.CLOSED:
                return
            if news == live.RESYNC:
                news = _revision(subscriber.case_pk)
                if news is None:
                    return
            if news > revision:
                revision = news
                yield _event(revision)
        yield BYE
    finally:
        live.hub.unsubscribe(subscriber)


@login_required
@require_GET
async def session_stream(request, slug, code):
    """Every member of the evaluation may follow its cases, as on the session screen."""
    user = await request.auser()
    case_pk, revision = await sync_to_async(_open)(user, slug, code)
    if isinstance(request, ASGIRequest):
        events = _async_events(case_pk, revision)
    else:
        events = _thread_events(case_pk, revision)
    response = StreamingHttpResponse(events, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    # nginx passes the events on at once instead of buffering them (see the README).
    response["X-Accel-Buffering"] = "no"
    return response
