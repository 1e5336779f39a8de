from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from tests.conftest import add_item
from tests.views.helpers import table_rows


def test_it_is_not_found_for_an_unknown_slug(client, member, evaluation):
    client.force_login(member)
    assert client.get("/evaluaties/bestaat-niet/").status_code == 404


def test_it_shows_the_evaluation(client, member, evaluation):
    client.force_login(member)
    response = client.get(evaluation.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Village Deal Test</h1>" in html
    assert "Gemeente Stein" in html
    assert "1 jul 2018" in html
    assert f'href="/prijslijsten/{evaluation.price_list_id}/"' in html
    assert "Zonder interventie" in html
    assert "referentie" in html
    assert "Een korte inleiding." in html
    assert "De aanpak was goedkoper." in html
    assert "Beleidsmedewerker" in html  # the member's role


def test_it_shows_the_cross_case_table(client, member, evaluation):
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert '<th scope="row"><a href="/evaluaties/village-deal-test/casussen/1/">' in html
    rows = table_rows(html, "Kosten per casus en werkwijze")
    # The published column order, as in the report: per werkwijze its total and the part the
    # intervention cost (not for the reference), then the verschil.
    assert rows[0] == [
        "Casus",
        "Met interventie",
        "Interventie deel van Met interventie",
        "Zonder interventie",
        "Verschil referentie min Met interventie",
    ]
    assert [[cell.removeprefix("≈ ") for cell in row] for row in rows[1:]] == [
        ["1 Gebitsproblemen", "€ 2.037", "€ 437", "€ 1.500", "€ -537"],
        ["2 Dansen", "€ 1.700", "€ 1.060", "€ 81.919", "€ 80.219"],
        ["Totaal", "€ 3.737", "€ 1.497", "€ 83.419", "€ 79.682"],
    ]


def test_it_links_the_workbook_download(client, member, evaluation):
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert 'href="/evaluaties/village-deal-test/werkmap.xlsx"' in html
    assert "Werkmap downloaden (.xlsx)" in html


def test_it_escapes_user_text(client, member, evaluation):
    evaluation.title = "<script>alert('titel')</script>"
    evaluation.conclusions = "<script>alert('conclusie')</script>"
    evaluation.save()
    Case.objects.filter(code="1").update(title="<script>alert('casus')</script>")
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html
    # The chapters go through the report's Markdown, which escapes what was typed as markup.
    assert "&lt;script&gt;alert('conclusie')&lt;/script&gt;" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_it_needs_the_same_number_of_queries_for_more_items(client, member, evaluation):
    client.force_login(member)
    case = evaluation.cases.get(code="2")
    scenario = evaluation.scenarios.get(code="met")
    price_item = evaluation.price_list.items.get(code="KM")
    url = evaluation.get_absolute_url()
    few = _queries(client, url)
    for n in range(27):
        add_item(
            case,
            scenario,
            "ondersteuning",
            case.start_date,
            case.start_date,
            f"Extra {n}",
            [{"price_item": price_item}],
        )
    assert _queries(client, url) == few


def test_it_shows_the_chapters_as_the_report_does(client, member, evaluation):
    evaluation.conclusions = "- Is de aanpak **goedkoper**?\n- <script>x</script>"
    evaluation.save()
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert "<li>Is de aanpak <strong>goedkoper</strong>?</li>" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "**goedkoper**" not in html


def test_it_draws_the_werkwijzen_per_case_and_in_total(client, member, evaluation):
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="bars-cases"' in html
    assert 'id="bars-total"' in html
    assert "Kosten per werkwijze per casus" in html


def test_it_shows_the_outlook_over_all_cases(client, member, evaluation):
    evaluation.deadweight = Decimal("10")
    evaluation.save()
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert '<h2 id="verloop-kop">Verloop in de tijd en gevoeligheid</h2>' in html
    # Maand 1 of both cases together: case 2's reference (€ 81.919 from its first month)
    # outweighs what case 1's klantmanager costs in its first month.
    assert (
        "Met interventie kost over alle casussen vanaf de eerste maand niet meer dan de referentie."
    ) in html
    # The klantmanager is an aanname price: the tornado has its bar, named in the chart.
    assert "Wat het verschil van Met interventie het meest beweegt, alle casussen" in html
    assert "Klantmanager" in html
    # 79.682,30 × 0,9 = 71.714,07: a second, named verschil beside the first.
    assert "<strong>€ 71.714</strong> (het verschil zelf blijft € 79.682)" in html


def test_the_cross_case_table_footnotes_a_toelichting_op_de_cijfers(client, member, evaluation):
    evaluation.cases.filter(code="2").update(figures_note="Het bedrag is *geschat*.")
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert '2 Dansen</a><sup class="footnote-mark"' in html
    notes = html[html.index('class="footnotes"') :]
    assert '<li value="1"><strong>Casus 2 Dansen:</strong>' in notes
    assert "<p>Het bedrag is <em>geschat</em>." in notes
