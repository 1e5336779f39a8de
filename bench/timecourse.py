"""Benchmark of the course over time and the sensitivity, in one run: for cases of 10, 1,000
and 10,000 timeline items, the time of

- the figures as the pages have always had them: one load of the case's lines and the costing
  engine's totals (``cases.figures.load``; what ``compute_figures()`` did before it),
- the same plus the course over time: every line spread over its months, per werkwijze per
  month, per year and cumulatively, and the break-even month (``lib.timecourse``),
- the same plus the sensitivity: the tornado of the prices that move the verschil most and the
  tipping point (``lib.sensitivity``),

with the ratio to the first (target: ≤ 3× at 10,000 items), and the number of database queries
of each (target: the same whatever the number of items). A throwaway SQLite database in a
temporary folder; the measures run in turns, one of each per round, so that a busy moment on
a shared machine touches them alike.

    .venv/bin/python bench/timecourse.py [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
folder = tempfile.mkdtemp(prefix="bench-timecourse-")
os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cases import figures  # noqa: E402
from cases.models import Case, CostLine, Evaluation, Scenario, TimelineItem  # noqa: E402
from lib import sensitivity  # noqa: E402
from pricelist.models import PriceItem, PriceList, create_organisation  # noqa: E402

SIZES = (10, 1_000, 10_000)


def setup() -> dict[int, Case]:
    call_command("migrate", verbosity=0)
    organisation = create_organisation("Benchmark")
    price_list = PriceList.objects.create(organisation=organisation, name="Bench")
    financier = organisation.financiers.get(code="gemeente-wmo")
    prices = [
        PriceItem.objects.create(
            price_list=price_list,
            code=f"P{n}",
            name=f"Prijsitem {n}",
            unit="uur",
            price=Decimal(60 + n),
            financier=financier,
            hardness=("hard", "onderbouwd", "aanname")[n % 3],
        )
        for n in range(25)
    ]
    evaluation = Evaluation.objects.create(
        organisation=organisation, slug="bench", title="Bench", price_list=price_list
    )
    met = Scenario.objects.create(evaluation=evaluation, code="met", name="Met", position=1)
    zonder = Scenario.objects.create(
        evaluation=evaluation, code="zonder", name="Zonder", is_reference=True, position=2
    )
    cases = {}
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
                kind="gebeurtenis" if n % 5 == 0 else "ondersteuning",
                start=date(2016, 1, 1) + timedelta(days=n % 1500),
                end=date(2016, 1, 1) + timedelta(days=n % 1500 + (n % 90)),
                description=f"Item {n}",
                position=n,
            )
            for n in range(size)
        )
        CostLine.objects.bulk_create(
            CostLine(
                item=item,
                price_item=prices[item.position % len(prices)],
                quantity=2,
                frequency="week" if item.position % 3 else "",
                fixed_amount=Decimal(250) if item.position % 7 == 0 else None,
            )
            for item in items
            if item.kind == "ondersteuning"
        )
        cases[size] = case
    return cases


def totals(evaluation, case):
    loaded = figures.load(evaluation, case)
    return loaded.of(case).totals


def with_course(evaluation, case):
    loaded = figures.load(evaluation, case)
    return loaded.of(case).totals, loaded.courses(case), loaded.break_evens(case)


def with_sensitivity(evaluation, case):
    loaded = figures.load(evaluation, case)
    lines = loaded.lines[case.pk]
    reference = [line for line in lines if line.line.scenario == loaded.reference.code]
    rest = [line for line in lines if line.line.scenario != loaded.reference.code]
    return (
        loaded.of(case).totals,
        loaded.courses(case),
        loaded.break_evens(case),
        sensitivity.tornado(reference, rest, evaluation.margins),
        sensitivity.tipping_share(reference, rest),
    )


MEASURES = {"cijfers": totals, "+ verloop": with_course, "+ gevoeligheid": with_sensitivity}


def queries(measure, evaluation, case) -> int:
    with CaptureQueriesContext(connection) as captured:
        measure(evaluation, case)
    return len(captured.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = setup()
    evaluation = Evaluation.objects.get()
    print(
        f"Verloop in de tijd en gevoeligheid: mediaan van {args.repeat} rondes, om beurten "
        "(SQLite)\n"
    )
    print(
        f"{'items':>8}  {'maat':<16}{'tijd':>11}  {'× cijfers':>9}  {'queries':>7}  "
        f"{'× 10 items':>10}"
    )
    at_ten: dict[str, float] = {}
    for size, case in cases.items():
        times = {name: [] for name in MEASURES}
        for _ in range(args.repeat):
            for name, measure in MEASURES.items():
                started = time.perf_counter()
                measure(evaluation, case)
                times[name].append(time.perf_counter() - started)
        base = statistics.median(times["cijfers"])
        for name, measure in MEASURES.items():
            median = statistics.median(times[name])
            at_ten.setdefault(name, median)
            print(
                f"{size:>8,}".replace(",", ".")
                + f"  {name:<16}{median * 1000:>8.1f} ms  {median / base:>8.2f}×  "
                f"{queries(measure, evaluation, case):>7}  {median / at_ten[name]:>9.1f}×"
            )
    print("\nDoel: verloop en gevoeligheid samen ≤ 3× de cijfers bij 10.000 items; queries gelijk.")


if __name__ == "__main__":
    main()
