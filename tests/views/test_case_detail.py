from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from tests.conftest import add_item
from tests.views.helpers import table_rows

URL = "/evaluaties/village-deal-test/casussen/1/"


def test_it_is_not_found_for_an_unknown_case(client, member, evaluation):
    client.force_login(member)
    assert client.get("/evaluaties/village-deal-test/casussen/99/").status_code == 404


def test_it_shows_the_case_and_its_narrative(client, member, evaluation):
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Casus 1: Gebitsproblemen</h1>" in html
    assert "1 sep 2016 – 1 jun 2018" in html
    assert "<h2>Aanpak</h2>" in html
    assert "Mevrouw heeft pijn." in html
    # Empty narrative fields are left out.
    assert "<h2>Zonder interventie</h2>" not in html
    assert "<h2>Verbeterpunten</h2>" not in html
    # The case's own report, as HTML, PDF and spreadsheet.
    for suffix in ("rapport/", "rapport.pdf", "rapport.xlsx"):
        assert f'href="{URL}{suffix}"' in html


def test_it_shows_the_figures_per_werkwijze(client, member, evaluation):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert table_rows(html, "Totalen van deze casus")[1:] == [
        ["Met interventie", "€ 2.037", "€ 437", "€ -537"],
        ["Zonder interventie referentie", "€ 1.500", "€ 0", "referentie"],
    ]
    assert table_rows(html, "Uren per discipline")[1:] == [["Klantmanager", "20", "–"]]
    assert table_rows(html, "Kosten per financier")[1:] == [
        ["Gemeente – overig", "€ 437", "–"],
        ["Gemeente – Wmo", "€ 1.600", "–"],
        ["Zorgverzekeraar", "–", "€ 1.500"],
    ]


def test_it_shows_the_timeline_with_events_and_support_told_apart(client, member, evaluation):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "Gebeurtenis" in html
    assert "Ondersteuning" in html
    assert "Melding bij de gemeente" in html
    assert "2 sep 2016 – 1 mrt 2017" in html
    assert "€ 1.600,00" in html
    assert "Interventie</strong>" in html
    lines = table_rows(html, "Kostenregels")
    assert lines[1] == [
        "KM – Klantmanager",
        "2 uur × 1 pers. × 10 keer à € 80,00",
        "Gemeente – Wmo",
        "€ 1.600,00",
    ]
    fixed = table_rows(html[html.index("Tandartsrekening") :], "Kostenregels")
    assert fixed[1] == ["vast bedrag", "", "Gemeente – overig", "€ 436,70"]


def test_it_orders_the_timeline_by_date(client, member, evaluation):
    case = evaluation.cases.get(code="1")
    met = evaluation.scenarios.get(code="met")
    add_item(case, met, "gebeurtenis", date(2016, 8, 1), date(2016, 8, 1), "Eerder gebeurd")
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert html.index("Eerder gebeurd") < html.index("Melding bij de gemeente")


def test_it_shows_a_frequency(client, member, evaluation):
    client.force_login(member)
    html = client.get("/evaluaties/village-deal-test/casussen/2/").content.decode()
    assert "1 uur × 2 pers. × 1 keer per week à € 80,00" in html
    assert "€ 640,00" in html


def test_it_escapes_user_text(client, member, evaluation):
    Case.objects.filter(code="1").update(
        title="<script>alert(1)</script>", approach="<script>alert(2)</script>"
    )
    evaluation.cases.get(code="1").items.update(description="<script>alert(3)</script>")
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _case_with_items(evaluation, code, count):
    case = Case.objects.create(
        evaluation=evaluation,
        code=code,
        title=f"{count} items",
        start_date=date(2020, 1, 1),
        end_date=date(2020, 12, 31),
    )
    met, zonder = evaluation.scenarios.order_by("position")
    price_item = evaluation.price_list.items.get(code="KM")
    financier = evaluation.organisation.financiers.get(code="rijk")
    for n in range(count):
        day = case.start_date + timedelta(days=n)
        add_item(case, met, "gebeurtenis", day, day, f"Gebeurtenis {n}")
        add_item(
            case,
            zonder if n % 2 else met,
            "ondersteuning",
            day,
            day,
            f"Ondersteuning {n}",
            [{"price_item": price_item}, {"fixed_amount": 10, "financier": financier}],
            intervention=n % 3 == 0,
        )
    return f"/evaluaties/village-deal-test/casussen/{code}/"


def test_it_needs_no_more_queries_for_more_items(client, member, evaluation):
    client.force_login(member)
    few = _case_with_items(evaluation, "few", 3)
    many = _case_with_items(evaluation, "many", 30)
    assert _queries(client, few) == _queries(client, many)


def test_it_shows_the_costs_per_year_and_whether_the_werkwijze_breaks_even(
    client, member, evaluation
):
    client.force_login(member)
    html = client.get(URL).content.decode()
    rows = table_rows(html, "Kosten per kalenderjaar en werkwijze")
    assert rows[0] == ["Jaar", "Met interventie", "Zonder interventie"]
    assert [row[0] for row in rows[1:]] == ["2016", "2017", "2018"]
    # Met spends € 2.037 by March 2017, the reference € 1.500 spread up to June 2018: the
    # reference never catches up within the case's 22 months.
    assert "Met interventie verdient zich binnen de periode van 22 maanden niet terug." in html
