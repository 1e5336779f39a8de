"""What a load balancer asks: is the process alive (``/gezond/``), and may it get traffic
(``/gereed/``: the database answers, every migration is applied, a report worker was seen
recently).

Both answer without a log-in, and neither says which versions run: they are reachable by
anyone who can reach the site.
"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reports.worker import latest_heartbeat

# Migrations are not taken back while a process runs: once all are applied, it stays so.
_migrated = False


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    checks = {
        "database": _database(),
        "migrations": _migrations(),
        "worker": _worker(),
    }
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "niet gereed", **checks}, status=200 if ok else 503
    )


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "onbereikbaar"
    return "ok"


def _migrations() -> str:
    global _migrated
    if not _migrated:
        try:
            loader = MigrationExecutor(connection).loader
        except DatabaseError:
            return "onbekend"
        # Every migration of the graph, not a plan towards the leaves: a plan is empty when
        # the leaves are applied, even if a migration before them is not.
        if set(loader.graph.nodes) - set(loader.applied_migrations):
            return "niet toegepast"
        _migrated = True
    return "ok"


def _worker() -> str:
    try:
        seen = latest_heartbeat()
    except DatabaseError:
        return "onbekend"
    if seen is None:
        return "niet gezien"
    # The same bound after which the worker's jobs count as abandoned (reports/worker.py).
    if timezone.now() - seen > timedelta(seconds=settings.REPORT_WORKER_STALE_SECONDS):
        return "stil"
    return "ok"
