"""The organisation's overview (/overzicht/): its rows against cases.figures, filtering and
sorting by URL, bad input at its field, its downloads (.xlsx and CSV, read back with openpyxl
and csv) with their access log, and a query count that grows per evaluation, not per case."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Role
from cases import figures, outcomes
from cases.models import (
    Case,
    CaseStage,
    Evaluation,
    EvaluationMember,
    ItemKind,
    OutcomeScore,
    Scenario,
)
from history.models import AccessKind, AccessRecord
from lib import outcomes as scales
from overview import table
from tests.conftest import add_item
from tests.views.helpers import assert_login_required, table_rows

pytestmark = pytest.mark.django_db

URL = "/overzicht/"


def _table(response) -> list[list[str]]:
    page = response.content.decode()
    if "Casussen, per werkwijze tegen de referentie" not in page:
        return []
    return table_rows(page, "Casussen, per werkwijze tegen de referentie")[1:]


def _evaluation(organisation, price_list, title: str, cases: int) -> Evaluation:
    """An evaluation of ``cases`` cases, each with one priced item per werkwijze."""
    evaluation = Evaluation.objects.create(
        organisation=organisation,
        slug=Evaluation.unique_slug(title),
        title=title,
        price_list=price_list,
    )
    met = Scenario.objects.create(evaluation=evaluation, code="met", name="Met", position=1)
    zonder = Scenario.objects.create(
        evaluation=evaluation, code="zonder", name="Zonder", is_reference=True, position=2
    )
    km = price_list.items.get(code="KM")
    for number in range(1, cases + 1):
        case = Case.objects.create(
            evaluation=evaluation,
            code=str(number),
            title=f"Casus {number}",
            start_date=date(2020, 1, 1),
            end_date=date(2020, 12, 31),
            position=number,
        )
        add_item(
            case, met, ItemKind.SUPPORT, date(2020, 1, 1), date(2020, 1, 1), "Gesprek",
            [{"price_item": km, "quantity": Decimal(number)}],
        )  # fmt: skip
        add_item(
            case, zonder, ItemKind.SUPPORT, date(2020, 1, 1), date(2020, 6, 1), "Zorg",
            [{"fixed_amount": Decimal(1000 * number), "hardness": "hard"}],
        )  # fmt: skip
    return evaluation


def test_it_requires_login(client):
    assert_login_required(client, URL)


def test_it_shows_every_case_against_the_reference_with_the_figures_of_its_evaluation(
    client, evaluation, member
):
    client.force_login(member)
    rows = _table(client.get(URL))
    loaded = figures.load(evaluation)
    assert len(rows) == 2  # two cases × one werkwijze besides the reference
    for row, case in zip(rows, loaded.cases, strict=True):
        assert row[0] == "Village Deal Test"
        assert row[1] == f"{case.code} {case.title}"
        assert row[2] == "Gerealiseerd"
        assert row[3] == "Met interventie tegen Zonder interventie"
    # The amounts as the evaluation page shows them (conftest's table), with their ranges.
    assert rows[0][4].startswith("€ -537")
    assert rows[1][4].startswith("€ 80.219")
    assert rows[0][5] == "€ 437" and rows[1][5] == "€ 1.060"
    firm = loaded.firmness_of(loaded.cases[0]).of("met").difference
    assert f"{table.dutch.euro(firm.low)} – {table.dutch.euro(firm.high)}" in rows[0][4]


def test_it_shows_the_break_even_month_the_case_page_shows(client, evaluation, member):
    client.force_login(member)
    rows = _table(client.get(URL))
    loaded = figures.load(evaluation)
    for row, case in zip(rows, loaded.cases, strict=True):
        ((_scenario, found),) = loaded.break_evens(case)
        if found.index is None:
            assert row[6] == "niet binnen de periode"
        else:
            assert row[6] == f"maand {found.index} ({table.dutch.month_label(found.month)})"


def test_it_shows_only_what_the_user_may_read(
    client, evaluation, organisation, price_list, outsider, django_user_model
):
    _evaluation(organisation, price_list, "Tweede evaluatie", 1)
    client.force_login(outsider)
    assert _table(client.get(URL)) == []
    # Invited into one evaluation, and no further.
    guest = django_user_model.objects.create_user("gast")
    EvaluationMember.objects.create(evaluation=evaluation, user=guest, role=Role.BELEIDSMEDEWERKER)
    client.force_login(guest)
    assert {row[0] for row in _table(client.get(URL))} == {"Village Deal Test"}


def test_it_filters_by_evaluation_stage_and_text(
    client, evaluation, organisation, price_list, member
):
    other = _evaluation(organisation, price_list, "Gemeente Beek", 3)
    Case.objects.filter(evaluation=other, code="2").update(stage=CaseStage.FORECAST)
    client.force_login(member)
    assert len(_table(client.get(URL))) == 5
    only = _table(client.get(URL, {"evaluatie": other.slug}))
    assert [row[1] for row in only] == ["1 Casus 1", "2 Casus 2", "3 Casus 3"]
    forecast = _table(client.get(URL, {"fase": "prognose"}))
    assert [(row[0], row[1], row[2]) for row in forecast] == [
        ("Gemeente Beek", "2 Casus 2", "Prognose")
    ]
    assert [row[1] for row in _table(client.get(URL, {"q": "dans"}))] == ["2 Dansen"]
    assert [row[1] for row in _table(client.get(URL, {"q": "beek casus 3"}))] == ["3 Casus 3"]


def test_it_sorts_by_any_column_both_ways(client, evaluation, organisation, price_list, member):
    _evaluation(organisation, price_list, "Gemeente Beek", 3)
    client.force_login(member)
    ascending = _table(client.get(URL, {"sorteer": "verschil"}))
    descending = _table(client.get(URL, {"sorteer": "-verschil"}))
    loaded = [figures.load(e) for e in Evaluation.objects.all()]
    amounts = sorted(f.of(c).difference("met") for f in loaded for c in f.cases)
    assert [row[4].split(" ", 2)[:2] for row in ascending] == [
        table.dutch.euro(amount).split(" ") for amount in amounts
    ]
    assert descending == ascending[::-1]
    for column in table.COLUMNS:
        response = client.get(URL, {"sorteer": f"-{column.key}"})
        assert response.status_code == 200
        header = rf'aria-sort="descending">\s*<a href="\?sorteer={column.key}"'
        assert re.search(header, response.content.decode()), column.key


def test_it_names_a_bad_filter_at_its_field_and_keeps_the_others(client, evaluation, member):
    client.force_login(member)
    response = client.get(URL, {"evaluatie": "bestaat-niet", "q": "dans", "sorteer": "kleur"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deze evaluatie staat niet (meer) in uw overzicht" in page
    assert "Op deze kolom kan niet worden gesorteerd." in page
    assert [row[1] for row in _table(response)] == ["2 Dansen"]  # the text filter still holds


def _download(client, suffix, params=None):
    response = client.get(f"{URL}overzicht.{suffix}", params or {})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="overzicht-')
    return response.content


def _expected(evaluations) -> list[list]:
    """Per case and werkwijze what the downloads must hold, straight from cases.figures."""
    out = []
    for evaluation in evaluations:
        loaded = figures.load(evaluation)
        for case in loaded.cases:
            for scenario in loaded.compared:
                firm = loaded.firmness_of(case).of(scenario.code).difference
                ((_s, found),) = [f for f in loaded.break_evens(case) if f[0] == scenario]
                out.append(
                    [
                        evaluation.title, case.code, case.title, "Gerealiseerd",
                        scenario.name, loaded.reference.name,
                        loaded.of(case).difference(scenario.code),
                        None if firm.is_exact else firm.low,
                        None if firm.is_exact else firm.high,
                        loaded.of(case).intervention_subtotal(scenario.code),
                        found.index,
                        found.month.strftime("%Y-%m") if found.month else None,
                        *[None] * 5,  # no outcome scores (see the Uitkomst test)
                    ]
                )  # fmt: skip
    return out


def test_it_downloads_the_rows_as_xlsx_with_amounts_as_numbers(client, evaluation, member):
    from openpyxl import load_workbook

    client.force_login(member)
    sheet = load_workbook(io.BytesIO(_download(client, "xlsx"))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == table.headers()
    expected = _expected([evaluation])
    assert len(rows) == 1 + len(expected)
    for got, want in zip(rows[1:], expected, strict=True):
        assert [Decimal(str(v)) if isinstance(v, float) else v for v in got] == want
    assert sheet["G2"].data_type == "n" and sheet["G2"].number_format.startswith('"€"')
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:Q3"


def test_it_downloads_the_rows_as_csv_filtered_and_sorted_as_shown(
    client, evaluation, organisation, price_list, member
):
    _evaluation(organisation, price_list, "Gemeente Beek", 3)
    client.force_login(member)
    params = {"evaluatie": "gemeente-beek", "sorteer": "-verschil"}
    rows = list(csv.reader(io.StringIO(_download(client, "csv", params).decode("utf-8"))))
    assert rows[0] == table.headers()
    expected = sorted(
        _expected([Evaluation.objects.get(slug="gemeente-beek")]), key=lambda r: r[6], reverse=True
    )
    as_text = [
        ["" if v is None else f"{v:.2f}" if isinstance(v, Decimal) else str(v) for v in r]
        for r in expected
    ]
    assert rows[1:] == as_text
    shown = _table(client.get(URL, params))
    assert [row[1] for row in shown] == [f"{r[1]} {r[2]}" for r in rows[1:]]


def test_it_keeps_typed_text_as_text_in_the_xlsx(client, evaluation, member):
    from openpyxl import load_workbook

    Case.objects.filter(evaluation=evaluation, code="1").update(title="=1+1")
    client.force_login(member)
    sheet = load_workbook(io.BytesIO(_download(client, "xlsx"))).active
    assert sheet["C2"].value == "=1+1" and sheet["C2"].data_type == "s"


def test_it_logs_each_download_in_the_access_log(client, evaluation, member):
    client.force_login(member)
    _download(client, "xlsx")
    _download(client, "csv", {"q": "geen casus heet zo"})  # empty: nobody's figures left
    (record,) = AccessRecord.objects.all()
    assert record.kind == AccessKind.EXPORT and record.user == member
    assert record.organisation == evaluation.organisation
    assert record.what.startswith("overzicht overzicht-") and "Village Deal Test" in record.what


def test_it_shows_the_outcome_change_per_werkwijze_and_writes_it_as_counts(
    client, evaluation, member
):
    """The Uitkomst column counts the domains scored better, the same and worse (cases.outcomes);
    a werkwijze without scores says so with a dash and empty cells in the downloads."""
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    case = evaluation.cases.get(code="1")
    met = evaluation.scenarios.get(code="met")
    domains = list(evaluation.outcome_measure.domains.all()[:3])
    for domain, (start, end) in zip(domains, [(1, 3), (2, 2), (4, 3)], strict=True):
        OutcomeScore.objects.create(case=case, scenario=met, domain=domain, start=start, end=end)
    client.force_login(member)
    rows = _table(client.get(URL + "?sorteer=-uitkomst"))
    assert "1 van 3 domeinen beter (gem. +0,3)" in rows[0][-1]
    assert rows[1][-1] == "–"
    download = _download(client, "csv", {"sorteer": "-uitkomst"}).decode("utf-8")
    exported = list(csv.reader(io.StringIO(download)))
    header, first, second = exported[0], exported[1], exported[2]
    assert header[-5:] == ["Domeinen gescoord", "Beter", "Gelijk", "Slechter",
                           "Gemiddelde verandering"]  # fmt: skip
    assert first[-5:-1] == ["3", "1", "1", "1"]
    assert second[-5:] == ["", "", "", "", ""]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_its_queries_grow_per_evaluation_not_per_case(client, organisation, price_list, member):
    client.force_login(member)
    for number in range(2):
        _evaluation(organisation, price_list, f"Klein {number}", 1)
    small = _queries(client, URL)
    for number in range(2):
        _evaluation(organisation, price_list, f"Groot {number}", 6)
    four = _queries(client, URL)
    per_evaluation = (four - small) / 2
    # cases.figures.load: the cases, their items, the items' lines (bench/overview.py)
    assert per_evaluation == int(per_evaluation) and per_evaluation <= 4
    # Cases more within the same evaluations cost nothing.
    for evaluation in Evaluation.objects.filter(title__startswith="Klein"):
        extra = Case.objects.create(
            evaluation=evaluation, code="9", title="Nog een", start_date=date(2020, 1, 1),
            end_date=date(2020, 3, 1), position=9,
        )  # fmt: skip
        add_item(
            extra, evaluation.scenarios.get(code="met"), ItemKind.SUPPORT, date(2020, 1, 1),
            date(2020, 1, 1), "Gesprek", [{"fixed_amount": Decimal(5), "hardness": "hard"}],
        )  # fmt: skip
    assert _queries(client, URL) == four
    assert _queries(client, f"{URL}overzicht.csv") <= four + 2  # the access log record


def test_a_member_of_two_organisations_sees_both(
    client, evaluation, member, other_organisation, price_list
):
    Membership.objects.create(
        organisation=other_organisation, user=member, role=Role.BELEIDSMEDEWERKER
    )
    elsewhere = _evaluation(other_organisation, price_list, "Elders", 1)
    client.force_login(member)
    assert {row[0] for row in _table(client.get(URL))} == {"Village Deal Test", elsewhere.title}
    _download(client, "csv")
    assert {r.organisation for r in AccessRecord.objects.all()} == {
        evaluation.organisation,
        other_organisation,
    }


@pytest.mark.parametrize("sort", ["terugverdiend", "-terugverdiend"])
def test_a_row_that_never_breaks_even_sorts_last_both_ways(client, evaluation, member, sort):
    client.force_login(member)
    rows = _table(client.get(URL, {"sorteer": sort}))
    # Case 1 costs more with the intervention (verschil -536,70): it never breaks even.
    assert [(row[1], row[6]) for row in rows][-1] == ("1 Gebitsproblemen", "niet binnen de periode")
    assert rows[0][6].startswith("maand ")
