"""Runs the queued report jobs; for deployments that keep PDF work out of the web process
(set REPORT_JOBS_IN_PROCESS=0 and run this from a timer or in a loop)."""

import time

from django.core.management.base import BaseCommand

from reports import jobs


class Command(BaseCommand):
    help = "Maakt de rapporten die in de wachtrij staan."

    def add_arguments(self, parser):
        parser.add_argument(
            "--blijf", action="store_true", help="Blijf wachten op nieuwe opdrachten."
        )

    def handle(self, *args, blijf=False, **options):
        while True:
            count = jobs.run_queued()
            if count:
                self.stdout.write(f"{count} rapport(en) gemaakt.")
            if not blijf:
                return
            time.sleep(2)
