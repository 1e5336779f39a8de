import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cases.workbook import import_price_list
from pricelist.sheet import existing_items


def test_it_exports_csv_in_the_prijslijst_sheets_form(client, member, price_list):
    client.force_login(member)
    response = client.get(reverse("pricelist:export_csv", args=[price_list.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "code,omschrijving,eenheid,prijs,categorie,financier,bron,prijsjaar,hardheid"
    assert (
        lines[1] == "KM,Klantmanager,uur,80.00,Gemeente,gemeente-wmo,Eigen schatting,2024,aanname"
    )


def test_it_exports_xlsx_with_a_prijslijst_sheet(client, member, price_list):
    client.force_login(member)
    response = client.get(reverse("pricelist:export", args=[price_list.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["prijslijst"]
    assert [cell.value for cell in book["prijslijst"][2]][:4] == ["KM", "Klantmanager", "uur", 80]


def test_it_round_trips_through_import(client, member, price_list, organisation):
    client.force_login(member)
    for name, suffix in (("export", "xlsx"), ("export_csv", "csv")):
        content = client.get(reverse(f"pricelist:{name}", args=[price_list.pk])).content
        upload = SimpleUploadedFile(f"prijslijst.{suffix}", content)
        copy = import_price_list(upload, organisation, f"Terug uit {suffix}")
        assert existing_items(copy) == existing_items(price_list)
