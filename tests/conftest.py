"""Shared fixtures: an organisation with an owner, a notulist, a beleidsmedewerker, an
outsider in another organisation, and a small evaluation whose figures are known.

The evaluation's figures (werkwijze "zonder" is the reference; verschil = zonder − met):

    casus                   met     zonder  interventie met  verschil met
    1 Gebitsproblemen  2.036,70   1.500,00           436,70       -536,70
    2 Dansen           1.700,00  81.919,00         1.060,00     80.219,00
    Totaal             3.736,70  83.419,00         1.496,70     79.682,30
"""

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import Membership, Role
from cases.models import Case, CostLine, Evaluation, ItemKind, Scenario, TimelineItem
from pricelist.models import PriceItem, PriceList, create_organisation


def _without_two_factor(organisation):
    """Two-factor authentication is required for chairs by default; these organisations have
    it off so that the tests of everything else can sign a chair in with force_login. The
    two-factor tests (tests/views/test_two_factor.py) switch it on where they test it."""
    organisation.require_two_factor = False
    organisation.save(update_fields=["require_two_factor"])
    return organisation


@pytest.fixture
def organisation(db):
    return _without_two_factor(create_organisation("Adviesbureau Noord"))


@pytest.fixture
def other_organisation(db):
    return _without_two_factor(create_organisation("Gemeente Elders"))


def _member(django_user_model, organisation, username, role):
    user = django_user_model.objects.create_user(username, password="geheim-wachtwoord-1")
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def owner(django_user_model, organisation):
    return _member(django_user_model, organisation, "eigenaar", Role.EFFECTENCALCULATEUR)


@pytest.fixture
def notulist(django_user_model, organisation):
    return _member(django_user_model, organisation, "notulist", Role.NOTULIST)


@pytest.fixture
def beleidsmedewerker(django_user_model, organisation):
    """Reads everything, changes nothing."""
    return _member(django_user_model, organisation, "beleid", Role.BELEIDSMEDEWERKER)


@pytest.fixture
def member(beleidsmedewerker):
    """A plain member of the organisation: the beleidsmedewerker."""
    return beleidsmedewerker


@pytest.fixture
def outsider(django_user_model, other_organisation):
    return _member(
        django_user_model, other_organisation, "buitenstaander", Role.EFFECTENCALCULATEUR
    )


@pytest.fixture
def price_list(organisation):
    price_list = PriceList.objects.create(
        organisation=organisation, name="Testprijslijst 2024", price_year=2024
    )
    financiers = {f.code: f for f in organisation.financiers.all()}
    PriceItem.objects.create(
        price_list=price_list,
        code="KM",
        name="Klantmanager",
        unit="uur",
        price=Decimal("80.00"),
        category="Gemeente",
        financier=financiers["gemeente-wmo"],
        source="Eigen schatting",
        price_year=2024,
        hardness="aanname",
        position=1,
    )
    PriceItem.objects.create(
        price_list=price_list,
        code="GGZ",
        name="GGZ-behandeling",
        unit="traject",
        price=Decimal("1500.00"),
        category="Zorg",
        financier=financiers["zorgverzekeraar"],
        source="Zorginstituut",
        price_year=2023,
        hardness="hard",
        position=2,
    )
    return price_list


def add_item(case, scenario, kind, start, end, description, lines=(), intervention=False):
    """A timeline item with cost lines given as dicts of CostLine fields."""
    item = TimelineItem.objects.create(
        case=case,
        scenario=scenario,
        kind=kind,
        start=start,
        end=end,
        description=description,
        is_intervention=intervention,
        position=case.items.count() + 1,
    )
    for position, fields in enumerate(lines):
        CostLine.objects.create(item=item, position=position, **fields)
    return item


@pytest.fixture
def evaluation(organisation, price_list):
    evaluation = Evaluation.objects.create(
        organisation=organisation,
        slug="village-deal-test",
        title="Village Deal Test",
        client="Gemeente Stein",
        date=date(2018, 7, 1),
        price_list=price_list,
        introduction="Een korte inleiding.",
        conclusions="De aanpak was goedkoper.",
    )
    met = Scenario.objects.create(
        evaluation=evaluation, code="met", name="Met interventie", position=1
    )
    zonder = Scenario.objects.create(
        evaluation=evaluation,
        code="zonder",
        name="Zonder interventie",
        is_reference=True,
        position=2,
    )
    km = price_list.items.get(code="KM")
    ggz = price_list.items.get(code="GGZ")

    teeth = Case.objects.create(
        evaluation=evaluation,
        code="1",
        title="Gebitsproblemen",
        start_date=date(2016, 9, 1),
        end_date=date(2018, 6, 1),
        position=1,
        approach="Mevrouw heeft pijn.",
    )
    add_item(
        teeth, met, ItemKind.EVENT, date(2016, 9, 1), date(2016, 9, 1), "Melding bij de gemeente"
    )
    add_item(
        teeth,
        met,
        ItemKind.SUPPORT,
        date(2016, 9, 2),
        date(2017, 3, 1),
        "Gesprekken met de klantmanager",
        [{"price_item": km, "quantity": Decimal(2), "times": Decimal(10)}],
    )  # 80 × 2 × 1 × 10 = 1.600,00
    add_item(
        teeth,
        met,
        ItemKind.SUPPORT,
        date(2016, 10, 1),
        date(2016, 10, 1),
        "Tandartsrekening betaald",
        [
            {
                "fixed_amount": Decimal("436.70"),
                "hardness": "hard",
                "financier": organisation.financiers.get(code="gemeente-overig"),
            }
        ],
        intervention=True,
    )
    add_item(
        teeth,
        zonder,
        ItemKind.SUPPORT,
        date(2016, 9, 1),
        date(2018, 6, 1),
        "GGZ-behandeling",
        [{"price_item": ggz}],
    )  # 1.500,00

    dance = Case.objects.create(
        evaluation=evaluation,
        code="2",
        title="Dansen",
        start_date=date(2017, 10, 1),
        end_date=date(2018, 6, 13),
        position=2,
    )
    add_item(
        dance,
        met,
        ItemKind.SUPPORT,
        date(2017, 10, 1),
        date(2017, 10, 28),
        "Wekelijks gesprek met twee klantmanagers",
        [{"price_item": km, "persons": Decimal(2), "frequency": "week"}],
    )  # 80 × 1 × 2 × (28 / 7) = 640,00
    add_item(
        dance,
        met,
        ItemKind.SUPPORT,
        date(2017, 11, 1),
        date(2017, 11, 1),
        "OV-jaarkaart",
        [{"fixed_amount": Decimal("1060.00"), "price_item": km, "hardness": "hard"}],
        intervention=True,
    )
    add_item(
        dance,
        zonder,
        ItemKind.SUPPORT,
        date(2017, 10, 1),
        date(2018, 6, 13),
        "Verloop zonder interventie",
        [
            {
                "fixed_amount": Decimal("81919.00"),
                "hardness": "hard",
                "financier": organisation.financiers.get(code="gemeente-jeugd"),
            }
        ],
    )
    return evaluation


CASE_URL = "/evaluaties/village-deal-test/casussen/1/"


def entry_data(prefix="", **fields):
    """What the quick-entry row posts: a support item with one line of the KM price item,
    as the notulist types it; keyword arguments replace or add fields (without prefix)."""
    data = {
        "formprefix": prefix,
        "regels": "1",
        "kind": "ondersteuning",
        "scenario": "met",
        "start": "1 sep 2016",
        "end": "",
        "description": "Huisbezoek wijkteam",
        "regel0-price_item": "KM",
        "regel0-quantity": "2",
        "regel0-persons": "",
        "regel0-times": "",
        "regel0-frequency": "",
        "regel0-rate_override": "",
        "regel0-fixed_amount": "",
        "regel0-financier": "",
        **fields,
    }
    return {f"{prefix}{key}" if key != "formprefix" else key: value for key, value in data.items()}
