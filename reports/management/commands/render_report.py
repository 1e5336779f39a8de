"""python manage.py render_report SLUG OUT.pdf|OUT.html [--case CODE]: the report to a file,
for scripting. The extension picks the form; the HTML is the page a browser would show."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case, Evaluation
from reports.content import build_report
from reports.page import render_html


class Command(BaseCommand):
    help = "Schrijft het rapport van een evaluatie (of één casus) als PDF of HTML."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="de slug van de evaluatie")
        parser.add_argument("out", type=Path, help="uitvoerbestand: .pdf of .html")
        parser.add_argument("--case", dest="case", default="", help="alleen deze casus (code)")

    def handle(self, slug, out, case, **options):
        evaluation = Evaluation.objects.filter(slug=slug).first()
        if evaluation is None:
            raise CommandError(f"Geen evaluatie met slug {slug!r}.")
        the_case = None
        if case:
            the_case = Case.objects.filter(evaluation=evaluation, code=case).first()
            if the_case is None:
                raise CommandError(f"Evaluatie {slug!r} heeft geen casus {case!r}.")
        suffix = out.suffix.lower()
        if suffix not in {".pdf", ".html"}:
            raise CommandError("Het uitvoerbestand moet eindigen op .pdf of .html.")
        report = build_report(evaluation, the_case)
        if suffix == ".pdf":
            from reports.pdf import html_to_pdf

            out.write_bytes(html_to_pdf(render_html(report, for_pdf=True)))
        else:
            out.write_text(render_html(report, for_pdf=False), encoding="utf-8")
        self.stdout.write(str(out))
