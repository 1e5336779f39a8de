"""Loads the demo on a fresh database: a demo organisation, one user per role, the example
price list and the Stein evaluation. Running it again changes nothing and prints the logins."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Membership, Organisation, Role
from cases.models import EvaluationMember
from cases.workbook import import_price_list, import_workbook
from pricelist.models import create_organisation

DEMO_ORGANISATION = "demo"
# The demo's published password (README); the demo is for development only.
DEMO_PASSWORD = "stein-demo-2018"  # nosec B105
STEIN_WORKBOOK = settings.BASE_DIR / "cases" / "demo" / "stein"
EXAMPLE_PRICE_LIST = settings.BASE_DIR / "pricelist" / "data" / "prijslijst-voorbeeld.csv"
EXAMPLE_PRICE_LIST_NAME = "Voorbeeldprijslijst (prijspeil 2022)"


class Command(BaseCommand):
    help = "Laadt de demo: organisatie, gebruikers per rol, voorbeeldprijslijst en Stein."

    def handle(self, *args, **options):
        with transaction.atomic():
            organisation, created = self.organisation()
            users = self.users(organisation)
            if created:
                import_price_list(
                    Path(EXAMPLE_PRICE_LIST), organisation, EXAMPLE_PRICE_LIST_NAME, 2022
                )
                evaluation = import_workbook(Path(STEIN_WORKBOOK), organisation)
                EvaluationMember.objects.bulk_create(
                    [
                        EvaluationMember(evaluation=evaluation, user=u, role=u.username)
                        for u in users
                    ]
                )
        self.stdout.write(f"Demo-gebruikers (wachtwoord voor allen: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.username:<22} {Role(user.username).label}")

    def organisation(self):
        organisation = Organisation.objects.filter(slug=DEMO_ORGANISATION).first()
        if organisation:
            return organisation, False
        organisation = create_organisation("Demo-organisatie", slug=DEMO_ORGANISATION)
        # The demo is for trying the product with the printed logins, without a phone at hand:
        # no second factor required (an administrator turns it on with `two_factor demo --on`).
        organisation.require_two_factor = False
        organisation.save(update_fields=["require_two_factor"])
        return organisation, True

    def users(self, organisation):
        User = get_user_model()
        users = []
        for role in Role:
            user, created = User.objects.get_or_create(username=role.value)
            if created:
                user.first_name = role.label
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": role.value}
            )
            users.append(user)
        return users
