"""The in-process hub of pushed updates (cases/live.py): what a stream is told, from any
thread, and the NOTIFY payload."""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from cases import live


def _run(coroutine_function):
    """Run it in a loop of its own thread: once a test of the sync Playwright API has run in
    this process, its event loop runs in the main thread, and ``asyncio.run`` refuses to start
    a second loop there."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function())).result()


def test_two_listeners_of_a_case_both_hear_a_change_and_others_do_not():
    hub = live.Hub()
    first, second = live.ThreadSubscriber(1), live.ThreadSubscriber(1)
    elsewhere = live.ThreadSubscriber(2)
    for subscriber in (first, second, elsewhere):
        hub._by_case[subscriber.case_pk].add(subscriber)  # without starting a listener
    hub.deliver({1: 7})
    assert first.get(0.1) == 7
    assert second.get(0.1) == 7
    assert elsewhere.get(0.05) is None


def test_a_waiting_thread_wakes_when_another_thread_delivers():
    hub = live.Hub()
    subscriber = live.ThreadSubscriber(1)
    hub._by_case[1].add(subscriber)
    heard = []
    waiter = threading.Thread(target=lambda: heard.append(subscriber.get(5)))
    waiter.start()
    time.sleep(0.05)
    started = time.monotonic()
    hub.deliver({1: 3})
    waiter.join(5)
    assert heard == [3]
    assert time.monotonic() - started < 0.5


def test_an_event_loop_hears_a_change_delivered_from_a_worker_thread():
    hub = live.Hub()

    async def follow():
        first, second = live.AsyncSubscriber(4), live.AsyncSubscriber(4)
        hub._by_case[4].update((first, second))
        threading.Timer(0.05, hub.deliver, args=({4: 12},)).start()
        return await first.get(5), await second.get(5), await first.get(0.05)

    assert _run(follow) == (12, 12, None)


def test_a_slow_reader_gets_the_newest_revision_only():
    subscriber = live.ThreadSubscriber(1)
    for revision in (3, 5, 4):
        subscriber.offer(revision)
    assert subscriber.get(0) == 5
    assert subscriber.get(0.01) is None


def test_closing_beats_a_resync_which_beats_a_revision():
    subscriber = live.ThreadSubscriber(1)
    subscriber.offer(9)
    subscriber.offer(live.RESYNC)
    subscriber.offer(10)
    assert subscriber.get(0) == live.RESYNC
    subscriber.offer(live.CLOSED)
    subscriber.offer(11)
    assert subscriber.get(0) == live.CLOSED
    assert subscriber.get(0) == live.CLOSED  # a closed stream stays closed


def test_unsubscribing_forgets_the_case():
    hub = live.Hub()
    subscriber = live.ThreadSubscriber(1)
    hub._by_case[1].add(subscriber)
    assert hub.count() == 1
    hub.unsubscribe(subscriber)
    hub.unsubscribe(subscriber)  # twice does no harm (the response closes it too)
    assert hub.count() == 0
    hub.deliver({1: 2})
    assert subscriber.get(0) is None


def test_the_payload_round_trips_in_parts_below_notifys_limit():
    revisions = {pk: pk * 1000 for pk in range(1, 2001)}
    parts = live.encode(revisions)
    assert len(parts) > 1
    assert all(len(part.encode()) < 8000 for part in parts)
    decoded = {}
    for part in parts:
        decoded |= live.decode(part)
    assert decoded == revisions
    assert live.decode("3:4,x:1,5:") == {3: 4}
