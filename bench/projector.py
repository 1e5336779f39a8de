"""Benchmark of the projector's time axis, in one run: for a case of 60 timeline items over
18 months in three werkwijzen, the server time of

- **today's board** as the session screen drew it before the projector (the board partial of
  ``templates/cases/session.html`` at the base revision, read from git, rendered with the
  same ``_board`` context: the figures loaded and the werkwijzen's columns of items),
- **the time axis**: the figures loaded and the Gantt drawn as SVG for the projector
  (``cases.charts.session_gantt``, the report's ``lib.gantt`` with the projector's options),
- **the projector's board**: the whole answer to the board's refresh (the session view
  called as htmx calls it: time axis, totals, the last three changes, the keys),

with the ratios to today's board (target for the time axis: ≤ 2×). A throwaway SQLite
database in a temporary folder; the three measures run in turns, one of each per round, so
that a busy moment on a shared machine touches them alike. About 15 seconds.

    .venv/bin/python bench/projector.py [--repeat 40] [--base bf20de2]
"""

import argparse
import os
import statistics
import subprocess  # nosec B404: git show of a fixed path, arguments as a list
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
folder = tempfile.mkdtemp(prefix="bench-projector-")
os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_htmx.middleware import HtmxDetails  # noqa: E402

from accounts.models import Membership, permissions  # noqa: E402
from cases import charts, figures  # noqa: E402
from cases.models import Case, Evaluation, Scenario  # noqa: E402
from cases.timeline import create_item  # noqa: E402
from cases.views import case as case_views  # noqa: E402
from pricelist.models import PriceList, create_organisation  # noqa: E402

# The integrate revision the projector was built on: its board is "today's board".
BASE = "bf20de28bece06a455fdad4ec759a7d396262e7e"


def setup():
    call_command("migrate", verbosity=0)
    organisation = create_organisation("Benchmark")
    price_list = PriceList.objects.create(organisation=organisation, name="Bench")
    evaluation = Evaluation.objects.create(
        organisation=organisation, slug="bench", title="Bench", price_list=price_list
    )
    scenarios = [
        Scenario.objects.create(evaluation=evaluation, code="met", name="Met", position=1),
        Scenario.objects.create(
            evaluation=evaluation, code="zonder", name="Zonder", is_reference=True, position=2
        ),
        Scenario.objects.create(evaluation=evaluation, code="niets", name="Niets", position=3),
    ]
    case = Case.objects.create(
        evaluation=evaluation,
        code="1",
        title="Zestig items",
        start_date=date(2017, 1, 1),
        end_date=date(2018, 6, 30),
        position=1,
    )
    user = get_user_model().objects.create_user("bench")
    Membership.objects.create(organisation=organisation, user=user, role="effectencalculateur")
    for n in range(60):  # as the browser test saves them: events, interventions, one-day items
        start = date(2017, 1, 1) + timedelta(days=(n * 9) % 540)
        event = n % 5 == 0
        lasting = min(start + timedelta(days=20 + n * 7 % 130), date(2018, 6, 30))
        create_item(
            user,
            case,
            {
                "scenario": scenarios[n % 3],
                "kind": "gebeurtenis" if event else "ondersteuning",
                "start": start,
                "end": start if event or n % 4 == 0 else lasting,
                "description": f"Item {n + 1}",
                "is_intervention": n % 7 == 0 and not event,
            },
            [] if event else [{"fixed_amount": Decimal(150 + n * 37 % 900)}],
        )
    return Case.objects.get(pk=case.pk), user


def old_board_template(base: str):
    """The board partial as it was at ``base``, compiled once like a cached template."""
    source = subprocess.run(  # nosec B603 B607
        ["git", "show", f"{base}:templates/cases/session.html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    start = source.index("{% partialdef board inline %}") + len("{% partialdef board inline %}")
    body = source[start : source.index("{% endpartialdef %}")]
    return engines["django"].from_string("{% load static %}" + body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--base", default=BASE)
    args = parser.parse_args()
    case, user = setup()
    old = old_board_template(args.base)
    factory = RequestFactory()
    url = f"/evaluaties/bench/casussen/{case.code}/sessie/"

    def todays_board():
        board = case_views._board(case)
        board.pop("loaded")  # the projector's addition; today's board did not have it
        return old.render(
            {
                "evaluation": case.evaluation,
                "case": case,
                **board,
                "since": None,
                "drawn_at": timezone.now().isoformat(),
                **permissions("effectencalculateur"),
            }
        )

    def time_axis():
        loaded = figures.load(case.evaluation, case)
        return charts.session_gantt(loaded, case, since=timezone.now())

    def projector_board():
        request = factory.get(url, {"revision": "old"}, HTTP_HX_REQUEST="true")
        request.user = user
        request.htmx = HtmxDetails(request)
        response = case_views.session(request, "bench", case.code)
        assert response.status_code == 200, response.status_code
        return response.content

    measures = {
        "het bord van vandaag": todays_board,
        "de tijdas (SVG)": time_axis,
        "het bord van de projector": projector_board,
    }
    sizes = {name: len(measure()) for name, measure in measures.items()}  # also warms up
    times = {name: [] for name in measures}
    for _ in range(args.repeat):
        for name, measure in measures.items():
            started = time.perf_counter()
            measure()
            times[name].append(time.perf_counter() - started)
    base = statistics.median(times["het bord van vandaag"])
    print(f"Casus van 60 items over 18 maanden, 3 werkwijzen; mediaan van {args.repeat} runs")
    print(f"  {'':28} {'ms':>8} {'p90 ms':>8} {'kB':>7} {'× vandaag':>10}")
    for name, values in times.items():
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1]
        print(
            f"  {name:28} {median * 1000:8.1f} {p90 * 1000:8.1f} "
            f"{sizes[name] / 1024:7.1f} {median / base:9.2f}×"
        )
    ratio = statistics.median(times["de tijdas (SVG)"]) / base
    print(f"  tijdas tegen het bord van vandaag: {ratio:.2f}× (doel ≤ 2×: ", end="")
    print("gehaald)" if ratio <= 2 else "niet gehaald)")


if __name__ == "__main__":
    main()
