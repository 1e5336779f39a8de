from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from history.models import ChangeRecord
from pricelist.models import PriceList

URL = reverse("pricelist:import")
HEADER = "code,omschrijving,eenheid,prijs,categorie,financier,bron,prijsjaar,hardheid\n"


def _upload(text, name="prijslijst.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_it_shows_the_form(client, owner):
    client.force_login(owner)
    html = client.get(URL).content.decode()
    assert "Prijslijst importeren" in html and 'enctype="multipart/form-data"' in html


def test_it_imports_a_new_version(client, owner, organisation):
    client.force_login(owner)
    csv = HEADER + 'PLEEG,Pleeggezin,maand,"2000,00",Jeugd,gemeente-jeugd,CBS,2024,onderbouwd\n'
    response = client.post(
        URL,
        {
            "organisation": organisation.pk,
            "name": "Prijslijst 2024",
            "price_year": "2024",
            "file": _upload(csv),
        },
    )
    price_list = PriceList.objects.get(name="Prijslijst 2024")
    assert response["Location"] == f"/prijslijsten/{price_list.pk}/"
    item = price_list.items.get()
    assert (item.code, str(item.price), item.hardness) == ("PLEEG", "2000.00", "onderbouwd")
    assert price_list.price_year == 2024
    assert ChangeRecord.objects.get(model="pricelist.PriceList").after["items"][0]["code"] == (
        "PLEEG"
    )


def test_it_imports_all_or_nothing_with_messages_naming_row_and_column(client, owner, organisation):
    client.force_login(owner)
    csv = (
        HEADER
        + "A,Goed,uur,10,,gemeente-wmo,,,hard\n"
        + "B,Fout,eeuw,10,,gemeente-wmo,,,hard\n"
        + "C,Ook fout,uur,veel,,nergens,,,zacht\n"
    )
    response = client.post(
        URL, {"organisation": organisation.pk, "name": "Kapot", "file": _upload(csv)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "De prijslijst is niet geïmporteerd" in html
    assert "Blad &quot;prijslijst&quot;, rij 3, kolom &quot;eenheid&quot;" in html
    assert "rij 4, kolom &quot;prijs&quot;" in html
    assert "rij 4, kolom &quot;financier&quot;" in html
    assert "rij 4, kolom &quot;hardheid&quot;" in html
    assert not PriceList.objects.filter(name="Kapot").exists()


def test_it_refuses_a_name_in_use(client, owner, price_list, organisation):
    client.force_login(owner)
    response = client.post(
        URL,
        {"organisation": organisation.pk, "name": price_list.name, "file": _upload(HEADER)},
    )
    assert response.status_code == 200
    assert "Er bestaat al een prijslijst ‘Testprijslijst 2024’" in response.content.decode()


def test_it_refuses_another_file_type(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        URL, {"organisation": organisation.pk, "name": "X", "file": _upload("x", "lijst.pdf")}
    )
    assert "Kies een .xlsx- of .csv-bestand." in response.content.decode()


def test_it_only_imports_into_an_organisation_where_the_user_chairs(
    client, owner, other_organisation
):
    client.force_login(owner)
    response = client.post(
        URL, {"organisation": other_organisation.pk, "name": "X", "file": _upload(HEADER)}
    )
    assert response.status_code == 200
    assert not PriceList.objects.filter(name="X").exists()
