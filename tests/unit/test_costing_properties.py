"""Properties of the costing engine that must hold for any timeline (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.costing import FREQUENCIES, Line, case_figures, scenario_figures

SCENARIOS = ("met", "zonder", "niets")

amounts = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
counts = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)


@st.composite
def lines(draw):
    start = draw(st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 1, 1)))
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=1000)))
    fixed = draw(st.none() | amounts)
    return Line(
        start=start,
        end=end,
        price_code=draw(st.sampled_from(["KM", "WIJK", "OPVANG"])),
        unit=draw(st.sampled_from(["uur", "dag", "stuk"])),
        price=draw(amounts),
        quantity=draw(counts),
        persons=draw(counts),
        times=draw(counts),
        frequency=draw(st.sampled_from(("", *FREQUENCIES))),
        rate_override=draw(st.none() | amounts),
        fixed_amount=fixed,
        financier=draw(st.sampled_from(["gemeente-wmo", "zorgverzekeraar", "informeel"])),
        scenario=draw(st.sampled_from(SCENARIOS)),
        is_intervention=draw(st.booleans()),
    )


@settings(max_examples=200)
@given(st.lists(lines(), max_size=30), st.randoms(use_true_random=False))
def test_it_never_changes_a_total_when_lines_are_reordered(timeline, random):
    shuffled = list(timeline)
    random.shuffle(shuffled)
    assert case_figures(SCENARIOS, "zonder", timeline) == case_figures(
        SCENARIOS, "zonder", shuffled
    )


@settings(max_examples=200)
@given(st.lists(lines(), max_size=30))
def test_it_makes_a_total_the_sum_of_its_lines(timeline):
    figures = scenario_figures(timeline)
    assert figures.total == sum((line.cost for line in timeline), Decimal("0.00"))
    assert sum(figures.by_financier.values(), Decimal("0.00")) == figures.total
    assert figures.intervention_subtotal == sum(
        (line.cost for line in timeline if line.is_intervention), Decimal("0.00")
    )


@settings(max_examples=200)
@given(st.lists(lines(), max_size=30), st.sampled_from(SCENARIOS))
def test_it_gives_the_reference_a_verschil_of_zero(timeline, reference):
    figures = case_figures(SCENARIOS, reference, timeline)
    assert figures.difference(reference) == 0
    for code in SCENARIOS:
        assert figures.difference(code) == figures.total(reference) - figures.total(code)


@given(lines())
def test_it_rounds_every_line_to_whole_cents(line):
    assert line.cost == line.cost.quantize(Decimal("0.01"))
    assert line.cost >= 0
