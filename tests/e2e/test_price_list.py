"""The price list in the browser: deleting an item and taking it back from its row, and a
table that fits the screen."""

from playwright.sync_api import expect

from cases.management.commands.load_demo import EXAMPLE_PRICE_LIST_NAME
from pricelist.models import PriceList


def test_a_deleted_price_item_comes_back_from_its_row(demo, login, live_server):
    price_list = PriceList.objects.get(name=EXAMPLE_PRICE_LIST_NAME)
    item = price_list.items.get(code="HA-CONSULT")
    page = login("effectencalculateur")
    page.goto(f"{live_server.url}/prijslijsten/{price_list.pk}/")
    page.on("dialog", lambda dialog: dialog.accept())  # "Prijsitem … verwijderen?"
    row = page.locator(f"#item-{item.pk}")
    row.get_by_role("button", name="Verwijderen").click()

    expect(row).to_contain_text("Verwijderd: HA-CONSULT")
    undo = row.get_by_role("button", name="Ongedaan maken")
    expect(undo).to_be_focused()
    assert not price_list.items.filter(code="HA-CONSULT").exists()

    # htmx binds the new row once it has settled (it then drops the class htmx-added).
    expect(page.locator(".htmx-added")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(row).to_contain_text("Huisartsconsult (gemiddeld)")
    expect(row.get_by_role("link", name="Wijzigen")).to_be_focused()
    assert price_list.items.filter(code="HA-CONSULT").exists()


def test_the_items_table_fits_a_laptop_screen(demo, login, live_server):
    price_list = PriceList.objects.get(name=EXAMPLE_PRICE_LIST_NAME)
    page = login("effectencalculateur")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/prijslijsten/{price_list.pk}/")
    wrap = page.locator(".table-wrap")
    scroll, client = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert scroll <= client, "the table scrolls sideways; its actions are out of sight"
