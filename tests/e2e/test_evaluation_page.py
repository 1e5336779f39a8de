"""The evaluation page as a beleidsmedewerker reads it on a laptop."""

from cases.models import Evaluation


def test_the_cross_case_table_fits_a_laptop_screen(demo, login, live_server):
    """Five columns with the werkwijzen's long names, in the published order, without
    scrolling sideways to the verschil."""
    evaluation = Evaluation.objects.get()
    page = login("beleidsmedewerker")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    table = page.get_by_role("table", name="Kosten per casus en werkwijze, in hele euro's")
    wrap = page.locator(".table-wrap").filter(has=table)
    scroll, client = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert scroll <= client, "the table scrolls sideways; the verschil is out of sight"
    assert table.locator("tfoot td").all_inner_texts() == [
        "€ 353.500",
        "€ 34.735",
        "≈ € 442.325",  # the reference's lump sums are estimates (aanname): a range
        "≈ € 88.825",
    ]
