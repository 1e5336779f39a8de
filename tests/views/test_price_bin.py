"""The price lists' bin: deleted versions and items, and putting them back."""

from decimal import Decimal

from django.urls import reverse

from cases.timeline import delete_item
from history.recorder import in_bin
from pricelist.models import PriceItem, PriceList

BIN = reverse("pricelist:bin")
HTMX = {"HX-Request": "true"}


def _restore_url(record):
    return reverse("pricelist:restore", args=[record.pk])


def test_it_lists_the_deletions_of_the_users_organisations_only(
    client, owner, outsider, price_list, other_organisation
):
    item_record = price_list.items.get(code="GGZ").delete_by(owner)
    spare = PriceList.objects.create(organisation=price_list.organisation, name="Reserve 2023")
    spare.delete_by(owner)
    elsewhere = PriceList.objects.create(organisation=other_organisation, name="Elders 2024")
    elsewhere.delete_by(outsider)

    client.force_login(owner)
    html = client.get(BIN).content.decode()
    assert "Reserve 2023" in html
    assert "GGZ – GGZ-behandeling" in html
    assert "Testprijslijst 2024" in html  # the version the item was in
    assert "Elders 2024" not in html
    assert html.count("Terugzetten") == 2
    assert _restore_url(item_record) in html


def test_a_member_who_is_no_chair_sees_the_bin_without_buttons(client, notulist, owner, price_list):
    price_list.items.get(code="GGZ").delete_by(owner)
    client.force_login(notulist)
    html = client.get(BIN).content.decode()
    assert "GGZ – GGZ-behandeling" in html
    assert "Terugzetten" not in html


def test_the_chair_puts_a_version_back(client, owner, price_list):
    record = price_list.delete_by(owner)
    client.force_login(owner)
    response = client.post(_restore_url(record), follow=True)
    assert "‘Testprijslijst 2024’ is teruggezet." in response.content.decode()
    assert PriceList.objects.get(name="Testprijslijst 2024").items.count() == 2
    assert not in_bin("pricelist.PriceList").exists()


def test_a_refusal_is_said_and_the_deletion_stays(client, owner, price_list):
    record = price_list.items.get(code="GGZ").delete_by(owner)
    PriceItem.objects.create(
        price_list=price_list,
        code="GGZ",
        name="Nieuw",
        unit="uur",
        price=Decimal(1),
        financier=price_list.organisation.financiers.first(),
    )
    client.force_login(owner)
    html = client.post(_restore_url(record), follow=True).content.decode()
    assert "heeft intussen een ander item met code GGZ" in html
    assert in_bin("pricelist.PriceItem").filter(pk=record.pk).exists()


def test_the_undo_in_a_row_answers_htmx_with_the_row(client, owner, price_list):
    item = price_list.items.get(code="GGZ")
    client.force_login(owner)
    client.post(reverse("pricelist:item_delete", args=[price_list.pk, item.pk]), headers=HTMX)
    [record] = in_bin("pricelist.PriceItem")
    response = client.post(_restore_url(record), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="item-{item.pk}">')
    assert "GGZ-behandeling" in html and "Wijzigen" in html
    assert price_list.items.filter(code="GGZ").exists()


def test_a_refused_undo_in_a_row_says_why(client, owner, price_list):
    record = price_list.items.get(code="GGZ").delete_by(owner)
    price_list.items.create(
        code="ggz",
        name="Nieuw",
        unit="uur",
        price=1,
        financier=record.organisation.financiers.first(),
    )
    client.force_login(owner)
    html = client.post(_restore_url(record), headers=HTMX).content.decode()
    assert 'role="alert"' in html
    assert "ander item met code GGZ" in html


def test_a_timeline_deletion_is_not_found_here(client, owner, evaluation, notulist):
    item = evaluation.cases.get(code="1").items.first()
    record = delete_item(notulist, item)
    client.force_login(owner)
    assert client.post(_restore_url(record)).status_code == 404
