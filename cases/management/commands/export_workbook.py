"""python manage.py export_workbook SLUG PATH — .xlsx, .zip or (anything else) a folder."""

from django.core.management.base import BaseCommand, CommandError

from cases.models import Evaluation
from cases.workbook import export_workbook


class Command(BaseCommand):
    help = "Schrijft een evaluatie als werkmap: .xlsx, .zip of een map met CSV-bestanden."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="slug van de evaluatie")
        parser.add_argument("path", help="doel: eindigt op .xlsx of .zip, anders een map")

    def handle(self, *args, slug, path, **options):
        evaluation = Evaluation.objects.filter(slug=slug).first()
        if evaluation is None:
            raise CommandError(f'Er is geen evaluatie met slug "{slug}".')
        export_workbook(evaluation, path)
        self.stdout.write(f"Werkmap geschreven naar {path}")
