"""Switch required two-factor authentication on or off for one organisation, or take a
person's authenticator app away when they lost it.

Only an administrator may do this, and no screen offers it: whoever runs ``manage.py`` on the
server is the administrator. Every change is written to the change history (no user: the
command line). It lives here rather than in accounts because accounts is below history.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import two_factor
from accounts.models import Organisation
from history.models import Action
from history.recorder import record_change


class Command(BaseCommand):
    help = (
        "Zet verplichte tweestapsverificatie aan of uit voor een organisatie, of neem iemands "
        "app en herstelcodes weg (voor beheerders)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "organisation", metavar="ORGANISATIE", nargs="?", help="slug van de organisatie"
        )
        switch = parser.add_mutually_exclusive_group()
        switch.add_argument(
            "--on", dest="required", action="store_true", default=None, help="verplicht maken"
        )
        switch.add_argument(
            "--off", dest="required", action="store_false", help="niet meer verplicht maken"
        )
        parser.add_argument(
            "--reset",
            metavar="GEBRUIKERSNAAM",
            help="app en herstelcodes van deze persoon weghalen (telefoon kwijt); bij de "
            "volgende keer inloggen stelt die een nieuwe app in",
        )

    def handle(self, *args, organisation, required, reset, **options):
        if reset:
            if organisation or required is not None:
                raise CommandError("Gebruik --reset zonder organisatie, --on of --off.")
            return self.reset(reset)
        if not organisation:
            raise CommandError("Noem de organisatie (slug), of gebruik --reset GEBRUIKERSNAAM.")
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"Er is geen organisatie met de slug {organisation!r}.")
        state = "verplicht" if found.require_two_factor else "niet verplicht"
        if required is None:
            self.stdout.write(f"Tweestapsverificatie is in {found} {state}.")
            return
        if found.require_two_factor == required:
            self.stdout.write(f"Tweestapsverificatie was in {found} al {state}; niets veranderd.")
            return
        with transaction.atomic():
            found.require_two_factor = required
            found.save(update_fields=["require_two_factor"])
            record_change(
                None,
                found,
                Action.UPDATE,
                before={"require_two_factor": not required},
                after={"require_two_factor": required},
            )
        if required:
            self.stdout.write(
                f"Tweestapsverificatie is nu verplicht in {found}: effectencalculateurs zonder "
                "app worden bij hun volgende pagina naar het instellen gestuurd."
            )
        else:
            self.stdout.write(
                f"Tweestapsverificatie is nu niet meer verplicht in {found}. Wie al een app "
                "heeft ingesteld, wordt er nog steeds om gevraagd."
            )

    def reset(self, username: str) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Er is geen account met de gebruikersnaam {username!r}.")
        if not two_factor.has_devices(user):
            self.stdout.write(f"{username} heeft geen app en geen herstelcodes; niets veranderd.")
            return
        with transaction.atomic():
            two_factor.remove_devices(user)
            for membership in user.memberships.select_related("organisation"):
                record_change(
                    None,
                    membership.organisation,
                    Action.UPDATE,
                    before={"app voor tweestapsverificatie": f"{username}: ingesteld"},
                    after={"app voor tweestapsverificatie": f"{username}: weggehaald"},
                )
        self.stdout.write(
            f"App en herstelcodes van {username} zijn weggehaald. Wie tweestapsverificatie "
            "moet gebruiken, stelt bij de volgende keer inloggen een nieuwe app in."
        )
