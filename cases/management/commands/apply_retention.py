"""python manage.py apply_retention [--dry-run] — retention under the AVG (cases.retention),
meant for a daily timer: notices a month before, then anonymising or deleting evaluations
whose period is over, and pruning the access log. ``--dry-run`` lists the same steps and
changes nothing."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cases import retention


class Command(BaseCommand):
    help = "Past de bewaartermijnen toe (AVG); --dry-run toont alleen wat er zou gebeuren."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="alleen tonen wat er zou gebeuren; er verandert niets",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        steps = retention.plan(now)
        if not steps:
            self.stdout.write("Niets te doen.")
            return
        if dry_run:
            self.stdout.write(f"Proefdraai: {len(steps)} stap(pen), er verandert niets.")
            for step in steps:
                self.stdout.write(step.describe())
            return
        for step, done in zip(steps, retention.carry_out(steps, now), strict=True):
            self.stdout.write(f"{step.describe()} Gedaan: {done}")
