"""python manage.py import_workbook PATH [--organisation SLUG] — prints the new slug last."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from cases.workbook import WorkbookError, import_workbook


class Command(BaseCommand):
    help = "Importeert een evaluatiewerkmap (.xlsx, .zip of map met CSV-bestanden)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="pad naar .xlsx, .zip of map met CSV-bestanden")
        parser.add_argument("--organisation", help="slug van de organisatie")

    def handle(self, *args, path, organisation=None, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f'Het bestand of de map "{path}" bestaat niet.')
        owner = None
        if organisation:
            owner = Organisation.objects.filter(slug=organisation).first()
            if owner is None:
                raise CommandError(f'Er is geen organisatie met slug "{organisation}".')
        try:
            evaluation = import_workbook(source, owner)
        except WorkbookError as error:
            raise CommandError(
                "De werkmap is niet ingelezen:\n" + "\n".join(error.messages)
            ) from None
        self.stdout.write(evaluation.slug)
