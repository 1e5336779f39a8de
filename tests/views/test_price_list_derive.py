from decimal import Decimal

from django.urls import reverse

from history.models import ChangeRecord
from pricelist.models import PriceList


def _url(price_list):
    return reverse("pricelist:derive", args=[price_list.pk])


def _prices(price_list):
    return dict(price_list.items.values_list("code", "price"))


def test_it_shows_a_field_per_category(client, owner, price_list):
    client.force_login(owner)
    html = client.get(_url(price_list)).content.decode()
    assert "Afwijkend voor ‘Gemeente’" in html and "Afwijkend voor ‘Zorg’" in html
    assert "op € 5" in html


def test_it_copies_without_a_percentage(client, owner, price_list):
    client.force_login(owner)
    response = client.post(_url(price_list), {"name": "Kopie", "rounding": "5-euro"})
    copy = PriceList.objects.get(name="Kopie")
    assert response["Location"] == f"/prijslijsten/{copy.pk}/"
    assert _prices(copy) == _prices(price_list)  # a copy is never rounded
    assert (copy.based_on, copy.derivation) == (price_list, "Kopie van Testprijslijst 2024")
    assert ChangeRecord.objects.filter(model="pricelist.PriceList", action="create").exists()


def test_it_indexes_per_category_and_rounds_to_five_euros(client, owner, price_list):
    client.force_login(owner)
    client.post(
        _url(price_list),
        {
            "name": "Prijslijst 2025",
            "price_year": "2025",
            "percent": "3",
            "categorie_0": "",  # Gemeente: the 3 % above → 82,40 → € 80
            "categorie_1": "2,5",  # Zorg: 1537,50 → € 1.540
            "rounding": "5-euro",
        },
    )
    derived = PriceList.objects.get(name="Prijslijst 2025")
    assert _prices(derived) == {"KM": Decimal("80.00"), "GGZ": Decimal("1540.00")}
    assert derived.price_year == 2025
    assert derived.derivation == (
        "Geïndexeerd vanuit Testprijslijst 2024: +3 % (Zorg +2,5 %), afgerond op € 5"
    )
    assert _prices(price_list) == {"KM": Decimal("80.00"), "GGZ": Decimal("1500.00")}


def test_it_derives_from_a_version_in_use(client, owner, evaluation):
    client.force_login(owner)
    client.post(_url(evaluation.price_list), {"name": "Nieuw", "percent": "10", "rounding": "cent"})
    assert _prices(PriceList.objects.get(name="Nieuw")) == {
        "KM": Decimal("88.00"),
        "GGZ": Decimal("1650.00"),
    }


def test_it_re_renders_a_name_in_use_with_200(client, owner, price_list):
    client.force_login(owner)
    response = client.post(_url(price_list), {"name": price_list.name, "rounding": "cent"})
    assert response.status_code == 200
    assert "Er bestaat al een prijslijst" in response.content.decode()
    assert PriceList.objects.count() == 1
