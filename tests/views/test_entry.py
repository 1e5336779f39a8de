"""The notulist's entry screen: the page, and saving from the quick-entry row."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from cases.models import Case, EvaluationMember, TimelineItem
from history.models import ChangeRecord
from tests.conftest import CASE_URL, add_item, entry_data

URL = CASE_URL + "invoer/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_is_not_found_for_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404
    assert client.post(URL, entry_data(), **HTMX).status_code == 404


def test_it_refuses_a_beleidsmedewerker(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    assert client.get(URL).status_code == 403
    assert client.post(URL, entry_data(), **HTMX).status_code == 403
    assert not TimelineItem.objects.filter(description="Huisbezoek wijkteam").exists()


def test_a_role_in_the_evaluation_overrides_the_organisations(
    client, notulist, beleidsmedewerker, evaluation
):
    EvaluationMember.objects.create(
        evaluation=evaluation, user=notulist, role=Role.BELEIDSMEDEWERKER
    )
    EvaluationMember.objects.create(
        evaluation=evaluation, user=beleidsmedewerker, role=Role.NOTULIST
    )
    client.force_login(notulist)
    assert client.post(URL, entry_data(), **HTMX).status_code == 403
    client.force_login(beleidsmedewerker)
    assert client.post(URL, entry_data(), **HTMX).status_code == 200
    assert TimelineItem.objects.filter(description="Huisbezoek wijkteam").count() == 1


def test_someone_invited_into_the_evaluation_alone_may_enter_items(client, outsider, evaluation):
    EvaluationMember.objects.create(evaluation=evaluation, user=outsider, role=Role.NOTULIST)
    client.force_login(outsider)
    assert client.post(URL, entry_data(), **HTMX).status_code == 200
    assert TimelineItem.objects.filter(description="Huisbezoek wijkteam").count() == 1


@pytest.mark.parametrize("role", ["owner", "notulist"])
def test_it_shows_the_quick_entry_row_and_the_items(client, evaluation, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="quick-entry"' in html
    for label in ("Soort", "Werkwijze", "Start", "Eind", "Omschrijving", "Interventie"):
        assert f">{label}</label>" in html
    line = ("Prijsitem", "Aantal", "Personen", "Keer", "Frequentie (per)", "Tarief", "Vast bedrag")
    for label in line:
        assert f">{label}</label>" in html
    assert html.index("Tandartsrekening betaald") < html.index("Melding bij de gemeente")
    assert "2 uur × 1 persoon × 10 keer × € 80,00 = € 1.600" in html


def test_it_saves_an_item_with_htmx_and_answers_with_the_item_only(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(
        start="1-9-2016",
        end="mrt 2017",
        **{"regel0-quantity": "2", "regel0-persons": "3", "regel0-frequency": "week"},
    )
    response = client.post(URL, data, **HTMX)
    assert response.status_code == 200
    item = TimelineItem.objects.get(description="Huisbezoek wijkteam")
    assert (item.start, item.end) == (date(2016, 9, 1), date(2017, 3, 31))
    assert item.scenario.code == "met"
    [line] = item.lines.all()
    assert (line.quantity, line.persons, line.frequency) == (2, 3, "week")
    html = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#items"' in html
    assert f'id="item-{item.pk}"' in html
    assert 'hx-swap-oob="innerHTML:#entry-status">Opgeslagen: Huisbezoek wijkteam' in html
    # No form travels: the browser put the empty row back when it sent the item.
    assert 'id="quick-entry"' not in html
    assert 'name="description"' not in html
    assert response["HX-Reswap"] == "none"
    assert "HX-Trigger-After-Swap" not in response


def test_it_saves_an_item_outside_the_case_period_with_a_word_of_warning(
    client, notulist, evaluation
):
    client.force_login(notulist)
    inside = client.post(URL, entry_data(), **HTMX).content.decode()
    assert "buiten de periode" not in inside
    outside = client.post(URL, entry_data(start="1 jan 1990", description="Oud"), **HTMX)
    html = outside.content.decode()
    assert "Opgeslagen: Oud" in html
    assert "valt (deels) buiten de periode van de casus, 1 sep 2016 – 1 jun 2018." in html
    assert TimelineItem.objects.filter(description="Oud").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_holds_a_blank_row_to_put_back_after_a_save(client, notulist, evaluation, method):
    client.force_login(notulist)
    # Also after a refused save without htmx: the blank copy holds nothing that was typed.
    response = getattr(client, method)(URL, entry_data(start="morgen") if method == "post" else {})
    html = response.content.decode()
    blank = html.split('<template id="quick-entry-blank">')[1].split("</template>")[0]
    assert 'id="quick-entry"' in blank
    assert 'name="regel0-price_item"' in blank
    assert "Huisbezoek" not in blank
    assert "field-error" not in blank


def test_it_saves_an_item_without_htmx_and_redirects(client, notulist, evaluation):
    client.force_login(notulist)
    event = entry_data(kind="gebeurtenis", **{"regel0-price_item": "", "regel0-quantity": ""})
    response = client.post(URL, event)
    assert response.status_code == 302
    assert response["Location"] == URL
    assert TimelineItem.objects.get(description="Huisbezoek wijkteam").is_event


def test_it_records_the_creation_with_its_lines_and_raises_the_revision(
    client, notulist, evaluation
):
    client.force_login(notulist)
    revision = Case.objects.get(code="1").revision
    client.post(URL, entry_data(), **HTMX)
    item = TimelineItem.objects.get(description="Huisbezoek wijkteam")
    record = ChangeRecord.objects.get(model="cases.TimelineItem", object_id=str(item.pk))
    assert record.action == "create"
    assert record.user == notulist
    assert record.after["description"] == "Huisbezoek wijkteam"
    assert Decimal(record.after["lines"][0]["quantity"]) == 2
    assert Case.objects.get(code="1").revision == revision + 1


def test_it_reads_dutch_numbers_and_a_fixed_amount(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(
        **{"regel0-price_item": "", "regel0-fixed_amount": "1.234,56", "regel0-financier": "rijk"}
    )
    client.post(URL, data, **HTMX)
    [line] = TimelineItem.objects.get(description="Huisbezoek wijkteam").lines.all()
    assert line.fixed_amount == Decimal("1234.56")
    assert line.financier.code == "rijk"


def test_it_finds_the_price_item_by_a_suggestion_or_a_lower_case_code(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, entry_data(**{"regel0-price_item": "km"}), **HTMX)
    client.post(URL, entry_data(description="Tweede", **{"regel0-price_item": "GGZ – GGZ"}), **HTMX)
    first = TimelineItem.objects.get(description="Huisbezoek wijkteam").lines.get()
    second = TimelineItem.objects.get(description="Tweede").lines.get()
    assert (first.price_item.code, second.price_item.code) == ("KM", "GGZ")


def test_it_saves_several_lines(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(
        regels="2",
        **{"regel1-price_item": "GGZ", "regel1-rate_override": "1.000", "regel1-times": "1,5"},
    )
    client.post(URL, data, **HTMX)
    item = TimelineItem.objects.get(description="Huisbezoek wijkteam")
    assert [line.to_costing().cost for line in item.lines.all()] == [
        Decimal("160.00"),
        Decimal("1500.00"),
    ]


def test_a_refusal_clears_the_last_saved_notice(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, entry_data(start="31-9-2016"), **HTMX).content.decode()
    assert 'id="quick-entry"' in html and "30 dagen" in html
    assert '<div hx-swap-oob="innerHTML:#entry-status"></div>' in html


def test_it_adds_a_line_row_without_saving_or_judging(client, notulist, evaluation):
    client.force_login(notulist)
    response = client.post(URL, entry_data(start="", regel_toevoegen="1"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="regel1-price_item"' in html
    assert html.count("data-focus") == 1
    assert html.index("data-focus") > html.index('name="regel1-price_item"')
    assert 'name="regels" value="2"' in html
    assert "field-error" not in html
    assert not TimelineItem.objects.filter(description="Huisbezoek wijkteam").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": ""}, "Dit veld is verplicht."),
        ({"start": "31-9-2016"}, "“31-9-2016” is geen bestaande datum"),
        ({"end": "1 aug 2016"}, "De einddatum ligt vóór de startdatum."),
        ({"description": ""}, "Dit veld is verplicht."),
        ({"regel0-quantity": "twee"}, "“twee” is geen getal"),
        ({"regel0-quantity": "-1"}, "Dit getal mag niet negatief zijn."),
        ({"regel0-quantity": "1,234567891"}, "Gebruik hoogstens 8 cijfers achter de komma."),
        ({"regel0-price_item": "XYZ"}, "Er is geen prijsitem met code of naam “XYZ”"),
        ({"regel0-price_item": "", "regel0-quantity": "3"}, "Kies een prijsitem of vul een vast"),
        ({"regel0-price_item": "", "regel0-quantity": ""}, "Ondersteuning heeft minstens één"),
        ({"kind": "gebeurtenis"}, "Een gebeurtenis heeft geen kostenregels."),
    ],
)
def test_it_refuses_invalid_input_at_the_field_keeping_what_was_typed(
    client, notulist, evaluation, fields, message
):
    client.force_login(notulist)
    data = entry_data(**{"description": "Typte ik dit", **fields})
    response = client.post(URL, data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    for value in fields.values():
        if value:
            assert f'value="{value}"' in html or f'"{value}" selected' in html
    assert TimelineItem.objects.count() == 7


def test_it_says_at_once_that_both_dates_are_wrong(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, entry_data(start="31 feb 2025", end="1 sepp 2025"), **HTMX)
    html = html.content.decode()
    assert 'id="id_start_error"' in html and 'id="id_end_error"' in html
    assert "februari 2025 heeft 28 dagen" in html


def test_an_event_with_another_error_is_not_told_it_needs_a_price(client, notulist, evaluation):
    client.force_login(notulist)
    event = entry_data(kind="gebeurtenis", start="31-9-2016", **{"regel0-price_item": ""})
    html = client.post(URL, {**event, "regel0-quantity": ""}, **HTMX).content.decode()
    assert "geen bestaande datum" in html
    assert "Kies een prijsitem" not in html
    assert "Ondersteuning heeft minstens" not in html


def test_it_refuses_personal_data_in_the_description(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(description="Bellen met 06-12345678")
    html = client.post(URL, data, **HTMX).content.decode()
    assert "Deze tekst lijkt persoonsgegevens te bevatten: telefoonnummer “06-12345678”" in html
    assert 'value="Bellen met 06-12345678"' in html
    # Only the chair may overrule the guard.
    assert "Dit zijn geen persoonsgegevens" not in html
    client.post(URL, {**data, "not_personal": "on"}, **HTMX)
    assert not TimelineItem.objects.filter(description__startswith="Bellen").exists()


def test_it_lets_the_chair_save_what_is_no_personal_data(client, owner, evaluation):
    client.force_login(owner)
    data = entry_data(description="Formulier 06-12345678 ingevuld")
    html = client.post(URL, data, **HTMX).content.decode()
    assert "Dit zijn geen persoonsgegevens" in html
    client.post(URL, {**data, "not_personal": "on"}, **HTMX)
    assert TimelineItem.objects.filter(description__startswith="Formulier").exists()


def _many_items(evaluation, count):
    case = Case.objects.get(evaluation=evaluation, code="1")
    met = evaluation.scenarios.get(code="met")
    km = evaluation.price_list.items.get(code="KM")
    for n in range(count):
        day = date(2017, 1, 1) + timedelta(days=n)
        add_item(case, met, "ondersteuning", day, day, f"Extra {n}", [{"price_item": km}])


def _queries(function):
    with CaptureQueriesContext(connection) as context:
        response = function()
    assert response.status_code == 200
    return len(context.captured_queries)


def test_it_needs_no_more_queries_for_more_items(client, notulist, evaluation):
    client.force_login(notulist)
    few_list = _queries(lambda: client.get(URL))
    few_save = _queries(lambda: client.post(URL, entry_data(), **HTMX))
    _many_items(evaluation, 40)
    assert _queries(lambda: client.get(URL)) == few_list
    assert _queries(lambda: client.post(URL, entry_data(), **HTMX)) == few_save


def test_it_marks_how_firm_a_fixed_amount_is(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(
        **{
            "regel0-price_item": "",
            "regel0-fixed_amount": "1.000",
            "regel0-financier": "gemeente-wmo",
        }
    )
    client.post(URL, data | {"regel0-hardness": "hard"}, **HTMX)
    line = TimelineItem.objects.get(description="Huisbezoek wijkteam").lines.get()
    assert line.hardness == "hard"
    assert line.effective_hardness == "hard"

    # Unmarked, a fixed amount is an estimate (lib.firmness): never hard by default.
    client.post(URL, data | {"description": "Tweede huisbezoek"}, **HTMX)
    plain = TimelineItem.objects.get(description="Tweede huisbezoek").lines.get()
    assert plain.hardness == ""
    assert plain.effective_hardness == "aanname"


def test_it_marks_a_lump_sum_as_undivided(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(
        **{
            "regel0-price_item": "",
            "regel0-fixed_amount": "25.000",
            "regel0-financier": "gemeente-overig",
            "regel0-undivided": "on",
        }
    )
    client.post(URL, data, **HTMX)
    line = TimelineItem.objects.get(description="Huisbezoek wijkteam").lines.get()
    assert line.undivided
    assert line.to_costing().financier == "(niet verdeeld)"
    assert line.financier.code == "gemeente-overig"  # who it is booked on stays recorded
    assert 'name="regel0-undivided"' in client.get(URL).content.decode()


def test_it_saves_a_one_off_payment_and_refuses_one_with_a_frequency(client, notulist, evaluation):
    client.force_login(notulist)
    one_off = {"regel0-price_item": "", "regel0-fixed_amount": "250", "regel0-one_off": "on"}
    client.post(URL, entry_data(**one_off, description="Eenmalige bijdrage"), **HTMX)
    saved = TimelineItem.objects.get(description="Eenmalige bijdrage").lines.get()
    assert (saved.one_off, saved.fixed_amount) == (True, Decimal("250.00"))

    weekly = {"regel0-frequency": "week", "regel0-one_off": "on"}
    response = client.post(URL, entry_data(**weekly, description="Wekelijks"), **HTMX)
    assert "Een eenmalige betaling heeft geen frequentie." in response.content.decode()
    assert not TimelineItem.objects.filter(description="Wekelijks").exists()
