"""Benchmark of the organisation's overview (/overzicht/) and its downloads.

The Stein demo (1 evaluation, 5 cases), then 20 evaluations of 5 cases (the Stein workbook
imported 20 times: about 45 timeline items per case, 4,500 items in all): per page the
queries and the time of the page, the .xlsx and the CSV through Django's test client, as a
signed-in beleidsmedewerker gets them. Times are wall-clock medians of ``--repeat`` runs
(the page is Python and SQLite in one process, so wall time is CPU time on a quiet machine).
Runs against a throwaway SQLite database in a temporary folder; nothing else is touched.

    .venv/bin/python bench/overview.py [--repeat 3]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-overview-')}/b.sqlite3"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import Membership, Role  # noqa: E402
from cases.models import Evaluation  # noqa: E402
from cases.workbook import import_workbook  # noqa: E402
from pricelist.models import create_organisation  # noqa: E402

STEIN = ROOT / "cases" / "demo" / "stein"
URLS = (("pagina", "/overzicht/"), (".xlsx", "/overzicht/overzicht.xlsx"))
URLS += ((".csv", "/overzicht/overzicht.csv"),)


def measure(client: Client, url: str, repeat: int) -> tuple[float, int, int]:
    """Median seconds, queries of the last run, and the size of the answer."""
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(captured), len(response.content)


def report(label: str, client: Client, repeat: int) -> None:
    evaluations = Evaluation.objects.count()
    print(f"\n{label}: {evaluations} evaluatie(s)")
    for name, url in URLS:
        seconds, queries, size = measure(client, url, repeat)
        print(
            f"  {name:8} {seconds:6.3f} s  {queries:4} queries "
            f"({queries / evaluations:.1f} per evaluatie)  {size / 1024:6.1f} kB"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client()
    reader = Membership.objects.get(user__username="beleidsmedewerker").user
    client.force_login(reader)
    report("Stein-demo", client, args.repeat)

    organisation = create_organisation("Bench-organisatie")
    Membership.objects.create(organisation=organisation, user=reader, role=Role.BELEIDSMEDEWERKER)
    Evaluation.objects.all().delete()
    for _ in range(20):
        import_workbook(STEIN, organisation)
    report("20 × 5 casussen", client, args.repeat)


if __name__ == "__main__":
    main()
