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
    # ≈ marks an amount resting partly on onderbouwd or aanname prices, its range beneath:
    # the klantmanager (aanname, ± 40 %) is 1.600 in case 1 (± 640) and 640 in case 2 (± 256).
    assert rows[1] == [
        "1 Gebitsproblemen", "≈ € 2.037 (€ 1.397 – € 2.677)", "€ 437", "€ 1.500",
        "≈ € -537 (€ -1.177 – € 103)",
    ]  # fmt: skip
    assert rows[2] == [
        "2 Dansen", "≈ € 1.700 (€ 1.444 – € 1.956)", "€ 1.060", "€ 81.919",
        "≈ € 80.219 (€ 79.963 – € 80.475)",
    ]  # fmt: skip
    assert rows[3] == [
        "Totaal", "≈ € 3.737 (€ 2.841 – € 4.633)", "€ 1.497", "€ 83.419",
        "≈ € 79.682 (€ 78.786 – € 80.578)",
    ]  # fmt: skip


def test_it_lists_the_ranges_under_the_cross_case_table(client, member, evaluation):
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    assert "Totaal, Met interventie: totaal € 2.841 – € 4.633 (60 % op aannames)" in html
    assert "hard ± 0 %, onderbouwd ± 15 %, aanname ± 40 %" in html


def test_it_shows_the_timeline_with_dutch_dates(client, member, evaluation):
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    rows = table_rows(html, "Tijdlijn Met interventie, sep 2016")
    # An event carries its number in the case's Gantt.
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


def test_the_samenvatting_comes_first_with_the_verschil_chart_and_the_total(
    client, member, evaluation
):
    evaluation.research_questions = "1. Wat kost het?\n2. Wie betaalt?"
    evaluation.research_answers = "1. € 79.682 minder dan zonder."
    evaluation.save()
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    summary = html[html.index('id="samenvatting"') : html.index('id="hoofdstuk-inleiding"')]
    assert "Bestuurlijke samenvatting" in summary
    assert 'id="summary-difference-0"' in summary  # the diverging chart
    assert 'Verschil: <strong class="total-difference">€ 79.682</strong>' in summary
    assert "(bandbreedte € 78.786 – € 80.578)" in summary
    assert "1 Gebitsproblemen: € -537 (meerkosten), bandbreedte € -1.177 tot € 103" in summary
    # The answered question and the concept note where the answer is still missing.
    assert "€ 79.682 minder dan zonder." in summary
    assert "Concept: op deze vraag is nog geen kort antwoord geschreven." in summary
    assert "is niet gebeurd" in summary
    # Nothing undivided: the financiers' verschil is told.
    assert (
        'id="summary-financiers-0"' in summary and "Wie bespaart, is niet te zeggen" not in summary
    )


def test_the_samenvatting_says_who_saves_cannot_be_told_beside_an_undivided_sum(
    client, member, evaluation
):
    from cases.models import CostLine

    CostLine.objects.filter(item__description="Verloop zonder interventie").update(undivided=True)
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    assert "Concept: de onderzoeksvragen zijn nog niet vastgelegd." in html
    assert "Wie bespaart, is niet te zeggen: € 81.919 is als één totaalbedrag geschat" in html
    assert '<th scope="row">Niet verdeeld<span class="subheading">' in html


def test_a_case_report_has_no_samenvatting(client, member, evaluation):
    client.force_login(member)
    html = client.get(EVALUATION + "casussen/1/rapport/").content.decode()
    assert 'id="samenvatting"' not in html


def test_the_cross_case_table_footnotes_a_toelichting_op_de_cijfers(client, member, evaluation):
    evaluation.cases.filter(code="2").update(figures_note="De OV-jaarkaart is een **schatting**.")
    client.force_login(member)
    html = client.get(EVALUATION + "rapport/").content.decode()
    rows = table_rows(html, "Kosten per casus en werkwijze")
    assert rows[1][0] == "1 Gebitsproblemen"
    assert rows[2][0] == "2 Dansen1"  # the footnote mark beside the case
    notes = html[html.index('class="footnotes"') :]
    assert '<li value="1"><span class="footnote-case">Casus 2 Dansen:</span>' in notes
    assert "<strong>schatting</strong>" in notes
