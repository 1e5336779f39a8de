"""python manage.py evaluation_summary SLUG [--json] [--verloop] — the computed figures
(DESIGN §5); with --verloop also per case its costs per year and its break-even month."""

import json

from django.core.management.base import BaseCommand, CommandError

from cases.models import Evaluation
from cases.summary import evaluation_summary
from lib.dutch import format_number


class Command(BaseCommand):
    help = "Toont de berekende bedragen van een evaluatie (met --json als JSON)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="slug van de evaluatie")
        parser.add_argument("--json", action="store_true", dest="as_json", help="uitvoer als JSON")
        parser.add_argument(
            "--verloop",
            action="store_true",
            dest="with_course",
            help="ook per casus de kosten per jaar en de maand van het terugverdienen",
        )

    def handle(self, *args, slug, as_json=False, with_course=False, **options):
        evaluation = Evaluation.objects.filter(slug=slug).first()
        if evaluation is None:
            raise CommandError(f'Er is geen evaluatie met slug "{slug}".')
        summary = evaluation_summary(evaluation, with_course=with_course)
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(table(summary))


def table(summary: dict) -> str:
    """A plain-text table in Dutch: per case and in total, each werkwijze's total,
    intervention subtotal and verschil, in euros with Dutch separators."""
    codes = [w["code"] for w in summary["werkwijzen"]]
    header = ["Casus"] + [
        f"{code} {part}" for code in codes for part in ("totaal", "interventie", "verschil")
    ]
    rows = [[f"{c['code']} {c['title']}", *_cells(c, codes)] for c in summary["cases"]]
    rows.append(["Totaal", *_cells(summary["totals"], codes)])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    legend = "; ".join(
        f"{w['code']} = {w['name']}{' (referentie)' if w['reference'] else ''}"
        for w in summary["werkwijzen"]
    )
    lines = [summary["evaluation"]["title"], f"Werkwijzen: {legend}", ""]
    for row in [header, *rows]:
        first, *rest = row
        lines.append(
            "  ".join(
                [first.ljust(widths[0])]
                + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
            )
        )
    return "\n".join(lines)


def _cells(figures: dict, codes: list[str]) -> list[str]:
    return [
        f"€ {format_number(figures[part][code])}"
        for code in codes
        for part in ("totals", "intervention", "difference")
    ]
