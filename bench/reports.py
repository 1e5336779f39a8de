"""Benchmark of the PDF report, in one run:

1. the Stein demo: our whole path (gather the figures, render the template, WeasyPrint) next
   to WeasyPrint alone rendering the same finished HTML — target: overhead ≤ 1.3×;
2. the Stein PDF now against the report of an earlier revision (``--against``, by default
   bca1b8a, before the one time axis per case), made the same way in a subprocess from a
   ``git worktree`` of that revision with this venv — target: the new pages cost at most 1.5×;
3. how PDF time grows for evaluations of 5, 20 and 50 generated cases — target: about linear.

Times are the process's CPU time (``time.process_time``), median of ``--repeat`` runs: on a
shared machine wall time swings by 2× with the neighbours' load, CPU time hardly; WeasyPrint
is single-threaded, so for it the two are the same on a quiet machine.
Runs against throwaway SQLite databases in temporary folders; nothing else is touched.
    .venv/bin/python bench/reports.py [--repeat 3] [--against bca1b8a] [--no-growth]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess  # nosec B404 -- git and this venv's python on our own revision
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-reports-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from accounts.models import Organisation  # noqa: E402
from cases.models import Case, CostLine, Evaluation, TimelineItem  # noqa: E402
from cases.workbook import import_workbook  # noqa: E402
from pricelist.models import create_organisation  # noqa: E402
from reports.content import build_report  # noqa: E402
from reports.page import BASE_URL, render_html  # noqa: E402
from reports.pdf import PDF_VARIANT, StaticFileFetcher  # noqa: E402

STEIN = ROOT / "cases" / "demo" / "stein"
SIZES = (5, 20, 50)


def timed(function, repeat: int) -> tuple[float, object]:
    """The median CPU time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def our_pdf(evaluation: Evaluation) -> bytes:
    """The product's path, as the download view runs it."""
    from reports.pdf import html_to_pdf

    return html_to_pdf(render_html(build_report(evaluation), for_pdf=True))


def weasyprint_alone(html: str) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFileFetcher())
    return document.write_pdf(font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)


def pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def generated(stein: Evaluation, organisation: Organisation, size: int) -> Evaluation:
    """An evaluation of ``size`` cases, copied round-robin from Stein's five (about 45
    timeline items each), with the same werkwijzen and price list."""
    evaluation = import_workbook(STEIN, organisation)
    evaluation.cases.all().delete()
    scenarios = {s.code: s for s in evaluation.scenarios.all()}
    sources = list(stein.cases.all())
    for number in range(1, size + 1):
        source = sources[(number - 1) % len(sources)]
        case = Case.objects.get(pk=source.pk)
        case.pk, case.evaluation, case.code, case.position = None, evaluation, str(number), number
        case.title = f"{source.title} ({number})"
        case.save()
        items = list(source.items.select_related("scenario").prefetch_related("lines"))
        copies = TimelineItem.objects.bulk_create(
            [
                TimelineItem(
                    case=case, scenario=scenarios[item.scenario.code], kind=item.kind,
                    start=item.start, end=item.end, description=item.description,
                    is_intervention=item.is_intervention, label=item.label,
                    position=item.position,
                )
                for item in items
            ]
        )  # fmt: skip
        CostLine.objects.bulk_create(
            [
                CostLine(
                    item=copy, position=line.position, price_item=line.price_item,
                    quantity=line.quantity, persons=line.persons, times=line.times,
                    frequency=line.frequency, rate_override=line.rate_override,
                    fixed_amount=line.fixed_amount, financier=line.financier,
                )
                for item, copy in zip(items, copies, strict=True)
                for line in item.lines.all()
            ]
        )  # fmt: skip
    return evaluation


# Run inside the earlier revision's worktree (its own code, this venv): import Stein, render the
# PDF ``repeat`` times the way its download view did, print the median and the page count.
EARLIER = """
import json, os, statistics, sys, tempfile, time
from io import BytesIO
from pathlib import Path
root, repeat = Path(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, str(root))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "effectencalculator.settings"
import django
django.setup()
from django.core.management import call_command
from pypdf import PdfReader
from cases.workbook import import_workbook
from pricelist.models import create_organisation
from reports.content import build_report
from reports.page import render_html
from reports.pdf import html_to_pdf
call_command("migrate", verbosity=0)
stein = import_workbook(root / "cases" / "demo" / "stein", create_organisation("B", slug="b"))
html_to_pdf(render_html(build_report(stein), for_pdf=True))
times = []
for _ in range(repeat):
    start = time.process_time()
    pdf = html_to_pdf(render_html(build_report(stein), for_pdf=True))
    times.append(time.process_time() - start)
pages = len(PdfReader(BytesIO(pdf)).pages)
print(json.dumps({"seconds": statistics.median(times), "pages": pages}))
"""


def earlier_report(revision: str, repeat: int) -> dict:
    """The Stein PDF's median time and pages at ``revision``, from a temporary worktree."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-reports-voor-"))
    tree = scratch / "voor"
    git = ["git", "-C", str(ROOT)]
    subprocess.run([*git, "worktree", "add", "--detach", str(tree), revision], check=True,  # nosec B603 B607
                   capture_output=True)  # fmt: skip
    try:
        done = subprocess.run(  # nosec B603
            [sys.executable, "-c", EARLIER, str(tree), str(repeat)],
            cwd=tree, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(tree)], check=False)  # nosec B603 B607
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per Stein measurement")
    parser.add_argument("--against", default="bca1b8a", help="the earlier revision (bca1b8a)")
    parser.add_argument("--no-growth", action="store_true", help="leave out 5, 20, 50 cases")
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    organisation = create_organisation("Benchmark", slug="benchmark")
    stein = import_workbook(STEIN, organisation)

    print(f"Stein ({stein.cases.count()} casussen), mediaan van {options.repeat} runs")
    weasyprint_alone(render_html(build_report(stein), for_pdf=True))  # warm up fonts, imports
    ours, pdf = timed(lambda: our_pdf(stein), options.repeat)
    html = render_html(build_report(stein), for_pdf=True)
    alone, _ = timed(lambda: weasyprint_alone(html), options.repeat)
    gather, _ = timed(lambda: render_html(build_report(stein), for_pdf=True), options.repeat)
    ratio = ours / alone
    print(f"  rapport maken (alles)      {ours:7.2f} s   {pages(pdf)} pagina's")
    print(f"  WeasyPrint alleen          {alone:7.2f} s")
    print(f"  cijfers + template         {gather:7.3f} s")
    verdict = "gehaald" if ratio <= 1.3 else "NIET gehaald"
    print(f"  verhouding                 {ratio:7.2f} ×   (doel ≤ 1,3×: {verdict})")

    before = earlier_report(options.against, options.repeat)
    growth = ours / before["seconds"]
    verdict = "gehaald" if growth <= 1.5 else "NIET gehaald"
    print(f"\nTegen het rapport van {options.against} (worktree, zelfde venv)")
    seconds, count = before["seconds"], before["pages"]
    print(f"  rapport van {options.against:<13}  {seconds:7.2f} s   {count} pagina's")
    print(f"  rapport nu                 {ours:7.2f} s   {pages(pdf)} pagina's")
    print(f"  verhouding                 {growth:7.2f} ×   (doel ≤ 1,5×: {verdict})")
    if options.no_growth:
        return

    print("\nGroei met het aantal casussen (één run per grootte)")
    print("  casussen   seconden   pagina's   s per casus   t / t(5)")
    base = None
    for size in SIZES:
        evaluation = generated(stein, organisation, size)
        seconds, pdf = timed(lambda evaluation=evaluation: our_pdf(evaluation), 1)
        base = base or seconds
        print(
            f"  {size:8d}   {seconds:8.2f}   {pages(pdf):8d}   {seconds / size:11.3f}"
            f"   {seconds / base:6.1f}  (lineair: {size / SIZES[0]:.0f})"
        )


if __name__ == "__main__":
    main()
