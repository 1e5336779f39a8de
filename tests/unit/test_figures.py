"""Every figure from one load of the lines (cases.figures): the conftest evaluation, whose
figures its docstring lists, worked out by hand."""

from decimal import Decimal as D

import pytest

from cases import figures
from cases.models import CostLine

pytestmark = pytest.mark.django_db


def test_it_loads_an_evaluation_in_a_fixed_number_of_queries(evaluation, django_assert_num_queries):
    # Scenarios, cases, items with their werkwijze, and the items' lines with price items and
    # financiers: four, however many cases and items.
    with django_assert_num_queries(4):
        loaded = figures.load(evaluation)
        _ = loaded.table, loaded.firmness  # worked out from what was loaded
    assert [c.code for c in loaded.cases] == ["1", "2"]


def test_the_cross_case_table_is_in_the_published_order(evaluation):
    table = figures.load(evaluation).table
    assert [(c.kind, c.scenario.code) for c in table.columns] == [
        ("total", "met"),
        ("intervention", "met"),
        ("total", "zonder"),
        ("difference", "met"),
    ]
    amounts = [[cell.amount for cell in row.cells] for row in [*table.rows, table.total]]
    assert amounts == [
        [D("2036.70"), D("436.70"), D("1500.00"), D("-536.70")],
        [D("1700.00"), D("1060.00"), D("81919.00"), D("80219.00")],
        [D("3736.70"), D("1496.70"), D("83419.00"), D("79682.30")],
    ]
    assert [row.label for row in table.rows] == ["1 Gebitsproblemen", "2 Dansen"]
    assert table.total.case is None


def test_a_cell_is_marked_a_range_where_the_prices_are_not_hard(evaluation):
    table = figures.load(evaluation).table
    # "met" uses the klantmanager, an aanname price: its total and verschil are ranges; the
    # reference has hard fixed amounts and the GGZ tariff only; an intervention subtotal is
    # never marked.
    for row in [*table.rows, table.total]:
        assert [cell.is_range for cell in row.cells] == [True, False, False, True]
    cell = table.rows[0].cells[0]
    assert (cell.amount, cell.is_range) == (D("2036.70"), True)
    assert cell.range.low < cell.amount < cell.range.high


def test_an_unmarked_fixed_amount_is_an_aanname_and_makes_its_total_a_range(evaluation):
    # The fixture marks its fixed amounts hard (its firmness figures are worked out so);
    # here nobody has marked them.
    CostLine.objects.filter(fixed_amount__isnull=False).update(hardness="")
    loaded = figures.load(evaluation)
    # The reference (column 2) of case 2 is an unmarked fixed amount: an estimate, so a range;
    # case 1's reference is the GGZ tariff alone, a hard price.
    assert [row.cells[2].is_range for row in loaded.table.rows] == [False, True]
    fixed = [line for case in loaded.cases for line in loaded.lines[case.pk] if line.line.is_fixed]
    assert len(fixed) == 3 and {line.hardness for line in fixed} == {"aanname"}


def test_the_items_costs_add_up_to_the_totals(evaluation):
    loaded = figures.load(evaluation)
    for case in loaded.cases:
        case_figures = loaded.of(case)
        for scenario in loaded.scenarios:
            items = [i for i in loaded.items[case.pk] if i.scenario_id == scenario.pk]
            costs = sum((loaded.item_cost(i) for i in items), D("0.00"))
            assert costs == case_figures.total(scenario.code)
            for item in items:
                lines = sum((loaded.line_cost(line) for line in item.lines.all()), D("0.00"))
                assert lines == loaded.item_cost(item)


def test_one_case_alone_has_its_own_totals(evaluation):
    case = evaluation.cases.get(code="2")
    loaded = figures.load(evaluation, case)
    assert loaded.cases == [case]
    assert loaded.totals.totals == {"met": D("1700.00"), "zonder": D("81919.00")}
    assert loaded.totals.differences["met"] == D("80219.00")


def test_the_entry_list_gets_costs_and_calculations_from_the_engine(evaluation):
    case = evaluation.cases.get(code="1")
    items = figures.with_costs(case.items.prefetch_related("lines__price_item"))
    supports = [item for item in items if not item.is_event]
    assert sum((item.cost for item in supports), D("0.00")) == D("3536.70")
    assert all(" = € " in line.calculation for item in supports for line in item.lines.all())


# Who pays and who saves, with an undivided sum --------------------------------------------


def _undivide_case_2_reference():
    """Case 2's course without the intervention (81.919 on gemeente-jeugd) is one sum for
    several financiers together."""
    CostLine.objects.filter(item__description="Verloop zonder interventie").update(undivided=True)


def test_financier_rows_tell_the_verschil_per_financier_while_all_is_divided(evaluation):
    loaded = figures.load(evaluation)
    rows, totals = loaded.financier_table(loaded.cases[1])
    jeugd = next(row for row in rows if row.code == "gemeente-jeugd")
    assert (jeugd.name, jeugd.amounts, jeugd.differences) == (
        "Gemeente – Jeugd",
        [D("0"), D("81919.00")],
        [D("81919.00")],
    )
    assert totals.differences == [D("80219.00")]


def test_an_undivided_sum_is_its_own_row_and_nobodys_saving(evaluation):
    _undivide_case_2_reference()
    loaded = figures.load(evaluation)
    rows, totals = loaded.financier_table(loaded.cases[1])
    assert rows[-1].is_undivided and rows[-1].name == "Niet verdeeld"
    assert rows[-1].amounts == [D("0"), D("81919.00")]
    assert "gemeente-jeugd" not in [row.code for row in rows]
    # No financier's verschil can be told beside an undivided sum, the sum's own neither.
    assert all(row.differences == [None] for row in rows)
    assert totals.differences == [D("80219.00")]  # the verschil itself stays
    # Case 1 has no undivided sum: its financiers keep their verschil.
    rows_1, _ = loaded.financier_table(loaded.cases[0])
    assert all(None not in row.differences for row in rows_1)


def test_the_bottomline_of_all_cases_says_whether_it_divides(evaluation):
    (line,) = figures.load(evaluation).bottomlines()
    assert line.divides and line.undivided == 0
    assert line.total.amount == D("79682.30")
    assert [found.amount for found in line.cases] == [D("-536.70"), D("80219.00")]
    assert dict(line.financier_differences)["Gemeente – Jeugd"] == D("81919.00")

    _undivide_case_2_reference()
    (line,) = figures.load(evaluation).bottomlines()
    assert not line.divides and line.undivided == D("81919.00")
    assert line.financier_differences == []
    assert line.financiers[-1].name == "Niet verdeeld"
    assert line.total.range.low < line.total.amount < line.total.range.high


def test_the_tornado_over_all_cases_names_each_fixed_amount_with_its_case(evaluation):
    CostLine.objects.filter(fixed_amount__isnull=False).update(hardness="")  # aannames
    loaded = figures.load(evaluation)
    (over_all,) = loaded.outlooks()
    names = {bar.name for bar in over_all.tornado}
    assert "Casus 2: Verloop zonder interventie" in names
    assert "Casus 1: Tandartsrekening betaald" in names
    (in_case,) = loaded.outlooks(loaded.cases[1])
    assert "Verloop zonder interventie" in {bar.name for bar in in_case.tornado}
    # Only the names change: the tipping sentence still speaks of the description alone.
    assert "Casus 2:" not in over_all.tipping
