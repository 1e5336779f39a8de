"""The report views: the page, the PDF and the spreadsheet, for the evaluation and one case.
Who may reach them is in test_access_matrix.py."""

from io import BytesIO

from openpyxl import load_workbook

from tests.views.helpers import table_rows

EVALUATION = "/evaluaties/village-deal-test/"


def test_it_is_not_found_for_an_unknown_case(client, member, evaluation):
    client.force_login(member)
    assert client.get(EVALUATION + "casussen/99/rapport/").status_code == 404


def test_it_refuses_a_post(client, member, evaluation):
    client.force_login(member)
    assert client.post(EVALUATION + "rapport/").status_code == 405


def test_it_shows_the_cross_case_table(client, member, evaluation):
    client.force_login(member)
    response = client.get(EVALUATION + "rapport/")
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "Kosten per casus en werkwijze")
    # ≈ marks an amount resting partly on onderbouwd or aanname prices (a range).
    assert rows[1] == ["1 Gebitsproblemen", "≈ € 2.037", "€ 437", "€ 1.500", "≈ € -537"]
    assert rows[2] == ["2 Dansen", "≈ € 1.700", "€ 1.060", "€ 81.919", "≈ € 80.219"]
    assert rows[3] == ["Totaal", "≈ € 3.737", "€ 1.497", "€ 83.419", "≈ € 79.682"]


def test_it_lists_the_ranges_under_the_cross_case_table(client, member, evaluation):
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    assert "Totaal, Met interventie: totaal € 2.841 – € 4.633 (60 % op aannames)" in html
    assert "hard ± 0 %, onderbouwd ± 15 %, aanname ± 40 %" in html


def test_it_shows_the_timeline_with_dutch_dates(client, member, evaluation):
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    rows = table_rows(html, "Tijdlijn Met interventie, sep 2016")
    # The event carries its number, the one beside its marker on the case's Gantt.
    assert rows[1][:3] == ["sep 2016", "1 sep 2016", "1 Melding bij de gemeente"]
    assert rows[1][3:] == ["2 sep 2016 – 1 mrt 2017", "€ 1.600", "Gesprekken met de klantmanager"]
    assert rows[-1][:2] == ["Totaal Met interventie", "€ 2.037"]
    assert table_rows(html, "Tijdlijn Zonder interventie, sep 2016 – jun 2018")


def test_it_links_the_downloads(client, member, evaluation):
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    assert 'href="/evaluaties/village-deal-test/rapport.pdf"' in html
    assert 'href="/evaluaties/village-deal-test/rapport.xlsx"' in html
    assert 'href="/static/css/report.css"' in html


def test_it_downloads_the_pdf(client, member, evaluation):
    client.force_login(member)
    response = client.get(EVALUATION + "rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-village-deal-test.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_it_downloads_one_case_as_pdf(client, member, evaluation):
    client.force_login(member)
    response = client.get(EVALUATION + "casussen/2/rapport.pdf")
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-village-deal-test-casus-2.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_it_downloads_the_tables_as_a_spreadsheet(client, member, evaluation):
    client.force_login(member)
    response = client.get(EVALUATION + "rapport.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "Overzicht",
        "Tijdlijn",
        "Uren",
        "Financiers",
        "Per maand",
        "Prijzen",
    ]
    overview = [[cell.value for cell in row] for row in book["Overzicht"].iter_rows()]
    assert overview[0][:3] == ["Casus", "Titel", "Met interventie"]
    assert [float(v) for v in overview[1][2:]] == [2036.70, 436.70, 1500.00, -536.70]
    # The total stands apart, below a blank row (tested in detail in test_report_xlsx.py).
    assert overview[3] == [None] * 6
    assert overview[4][0] == "Totaal"
    hours = [[cell.value for cell in row] for row in book["Uren"].iter_rows()]
    assert hours[1][:4] == ["1", "Met interventie", "KM", "Klantmanager"]
    assert float(hours[1][4]) == 20
    months = [[cell.value for cell in row] for row in book["Per maand"].iter_rows()]
    assert months[0] == [
        "Casus",
        "Maand",
        "Met interventie",
        "Zonder interventie",
        "Verschil Met interventie tot en met deze maand",
    ]
    # Case 1 runs from Sep 2016 to Jun 2018: 22 months; its months add up to its totals, and
    # its last cumulative verschil is its verschil.
    first_case = [row for row in months[1:] if row[0] == "1"]
    assert len(first_case) == 22
    assert round(sum(float(row[2]) for row in first_case), 2) == 2036.70
    assert round(sum(float(row[3]) for row in first_case), 2) == 1500.00
    assert float(first_case[-1][4]) == -536.70


def test_it_gives_the_case_page_only_that_case(client, member, evaluation):
    client.force_login(member)
    response = client.get(EVALUATION + "casussen/2/rapport/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Casus 2: Dansen" in html
    assert "Gebitsproblemen" not in html
    assert 'href="/evaluaties/village-deal-test/casussen/2/rapport.pdf"' in html
