"""Slowing down and locking out repeated failed log-ins.

Failures are counted per user name (case-insensitive) within the lock window, whatever the
address: guessing one account's password from many addresses is still guessing.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def recent_failures(username: str) -> int:
    return LoginFailure.objects.filter(username=username.lower(), at__gte=_window_start()).count()


def is_locked(username: str) -> bool:
    return recent_failures(username) >= settings.LOGIN_LOCK_AFTER


def delay_after(failures: int) -> float:
    """Seconds to wait before answering a failed attempt: nothing for the first two, then
    doubling, never more than the configured maximum."""
    if failures < 3:
        return 0.0
    return min(settings.LOGIN_SLOWDOWN_SECONDS * 2 ** (failures - 3), settings.LOGIN_SLOWDOWN_MAX)


def record_failure(username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip_address=ip_address)
    wait = delay_after(recent_failures(username))
    if wait:
        time.sleep(wait)


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
