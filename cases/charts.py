"""The pictures of an evaluation's figures that its page and its report share (DESIGN §6):
the bars of the werkwijzen per case and in total, drawn by :mod:`lib.charts` from
:mod:`cases.figures`."""

from django.utils.safestring import SafeString, mark_safe

from cases.figures import UNDIVIDED, Figures
from lib import charts, gantt
from lib.dutch import euro


def trusted(svg: str) -> SafeString:
    """A chart from :mod:`lib.charts`, trusted as markup: that module escapes every text it
    draws (``charts._text``) and writes numbers itself; tests feed it script and markup."""
    return mark_safe(svg)  # nosec B308 B703


def werkwijzen_charts(figures: Figures, cases=None) -> dict[str, SafeString]:
    """The bars of the werkwijzen per case (of ``cases``, by default all loaded) and for all
    cases together."""
    names = [s.name for s in figures.scenarios]
    codes = [s.code for s in figures.scenarios]
    shown = figures.cases if cases is None else cases
    svgs = {
        "cases": charts.grouped_bars(
            "bars-cases",
            "Kosten per werkwijze per casus",
            names,
            [
                charts.BarGroup(
                    f"{case.code} {case.title}", [figures.of(case).total(c) for c in codes]
                )
                for case in shown
            ],
            fmt=euro,
        ),
        "total": charts.grouped_bars(
            "bars-total",
            "Kosten per werkwijze, alle casussen samen",
            names,
            [charts.BarGroup("Totaal", [figures.totals.total(c) for c in codes])],
            fmt=euro,
        ),
    }
    return {key: trusted(svg) for key, svg in svgs.items()}


def course_chart(figures: Figures, case, prefix: str = "") -> SafeString:
    """The cumulative cost of each werkwijze per month in a case: where the lines cross."""
    courses = figures.courses(case)
    scenarios = figures.scenarios
    first = courses[scenarios[0].code]
    return trusted(
        charts.cumulative_lines(
            prefix or f"course-{case.pk}",
            f"Opgetelde kosten per werkwijze per maand, casus {case.code}",
            [s.name for s in scenarios],
            first.months,
            [courses[s.code].cumulative for s in scenarios],
            fmt=euro,
        )
    )


def tornado_chart(outlook, prefix: str, where: str) -> SafeString:
    """The prices that move one werkwijze's verschil most, ``where`` naming the case or "alle
    casussen"."""
    return trusted(
        charts.tornado(
            prefix,
            f"Wat het verschil van {outlook.scenario.name} het meest beweegt, {where}",
            outlook.tornado,
            outlook.difference,
            fmt=euro,
        )
    )


def difference_chart(bottomline, prefix: str) -> SafeString:
    """The bestuurlijke samenvatting's verschil per case and in total, saving to the right and
    extra cost to the left, each with its range (:class:`cases.figures.Bottomline`)."""

    def row(label, found) -> charts.DivergingRow:
        return charts.DivergingRow(label, found.amount, found.range.low, found.range.high)

    return trusted(
        charts.diverging_bars(
            prefix,
            f"Verschil per casus: {bottomline.reference.name} min {bottomline.scenario.name}",
            [row(f"{found.case.code} {found.case.title}", found) for found in bottomline.cases],
            fmt=euro,
            total=row("Totaal", bottomline.total),
        )
    )


def financier_balance_chart(bottomline, scenarios, prefix: str) -> SafeString:
    """Who pays and who saves over all cases together. Where the verschil can be told per
    financier, one diverging bar each (saves to the right, pays more to the left); where an
    undivided sum makes that impossible, what each financier pays per werkwijze, the
    undivided sum as its own group "Niet verdeeld", so that nobody reads it as a saving."""
    if bottomline.divides:
        return trusted(
            charts.diverging_bars(
                prefix,
                f"Wie bespaart en wie betaalt meer met {bottomline.scenario.name}, "
                "alle casussen samen",
                [
                    charts.DivergingRow(name, amount)
                    for name, amount in bottomline.financier_differences
                ],
                fmt=euro,
                positive="bespaart",
                negative="betaalt meer",
            )
        )
    return trusted(
        charts.grouped_bars(
            prefix,
            "Wie betaalt, per werkwijze, alle casussen samen",
            [s.name for s in scenarios],
            [charts.BarGroup(row.name, row.amounts) for row in bottomline.financiers],
            fmt=euro,
        )
    )


NO_FINANCIER = "Geen financier opgegeven"


def event_marks(items) -> dict[int, str]:
    """The number of every event (by item pk) per werkwijze, 1, 2, … in timeline order: the
    Gantt's markers and the timeline table print the same number."""
    counts: dict[int, int] = {}
    marks = {}
    for item in sorted(items, key=lambda item: (item.start, item.position, item.pk)):
        if item.is_event:
            counts[item.scenario_id] = counts.get(item.scenario_id, 0) + 1
            marks[item.pk] = str(counts[item.scenario_id])
    return marks


def _payer(figures: Figures, item) -> str:
    """The financier an item's bar is drawn under: the one of its costliest line, or "Niet
    verdeeld" when that line is one sum for several financiers together."""
    lines = sorted(item.lines.all(), key=lambda line: -figures.line_cost(line))
    if lines and lines[0].undivided:
        return UNDIVIDED
    financier = lines[0].effective_financier if lines else None
    return financier.name if financier else NO_FINANCIER


def _lanes(figures: Figures, case, scenarios, item) -> list[gantt.Lane]:
    """The case's werkwijzen (of ``scenarios``) as lanes of :func:`lib.gantt.gantt`, in
    timeline order, each item drawn as ``item(timeline_item, mark)`` makes it."""
    items = sorted(figures.items[case.pk], key=lambda item: (item.start, item.position, item.pk))
    marks = event_marks(items)
    case_figures = figures.of(case)
    return [
        gantt.Lane(
            scenario.name,
            [
                item(found, marks.get(found.pk, ""))
                for found in items
                if found.scenario_id == scenario.pk
            ],
            case_figures.total(scenario.code),
            case_figures.intervention_subtotal(scenario.code),
        )
        for scenario in scenarios
    ]


def _cumulative(figures: Figures, case) -> list[gantt.Cumulative]:
    courses = figures.courses(case)
    return [gantt.Cumulative(s.name, courses[s.code].cumulative) for s in figures.scenarios]


AXIS_TITLE = "Tijdas casus {}: de werkwijzen over de maanden, met de opgetelde kosten"


def case_gantt(figures: Figures, case, prefix: str = "") -> SafeString:
    """The case's one time axis (:func:`lib.gantt.gantt`): every werkwijze in a lane, support
    per financier, numbered events, and the cumulative cost lines under it."""

    def item(found, mark):
        return gantt.Item(
            found.description,
            found.start,
            found.end,
            group="" if found.is_event else _payer(figures, found),
            is_event=found.is_event,
            is_intervention=found.is_intervention,
            mark=mark,
        )

    first, last = figures.period(case)
    return trusted(
        gantt.gantt(
            prefix or f"gantt-{case.pk}",
            AXIS_TITLE.format(case.code),
            _lanes(figures, case, figures.scenarios, item),
            first,
            last,
            _cumulative(figures, case),
            fmt=euro,
        )
    )


def session_gantt(
    figures: Figures,
    case,
    *,
    since=None,
    window=None,
    focus: str = "",
) -> SafeString:
    """The same time axis for the chair's session screen (:func:`lib.gantt.gantt` with its
    projector options): type large enough for the back of a room, the amount beside each bar,
    one row of support per werkwijze rather than one per financier (the financiers have their
    own panel), the bars changed after ``since`` marked new, the axis zoomed to ``window``
    (first, last) and, with ``focus`` (a werkwijze's code), that werkwijze's lane alone while
    every cost line stays, so the room still sees where they cross."""

    def item(found, mark):
        return gantt.Item(
            found.description,
            found.start,
            found.end,
            group="ondersteuning",
            is_event=found.is_event,
            is_intervention=found.is_intervention,
            mark=mark,
            amount="" if found.is_event else euro(figures.item_cost(found)),
            key=str(found.pk),
            is_new=bool(since and found.updated_at > since),
        )

    first, last = figures.period(case)
    shown = [s for s in figures.scenarios if not focus or s.code == focus] or figures.scenarios
    return trusted(
        gantt.gantt(
            f"sessie-{case.pk}",
            AXIS_TITLE.format(case.code),
            _lanes(figures, case, shown, item),
            first,
            last,
            _cumulative(figures, case),
            fmt=euro,
            # Sized for a 16:9 projector: all werkwijzen share the height, so the picture is
            # as wide as the screen lets that height be; one werkwijze in focus has the height
            # to itself and is drawn larger (measured in tests/e2e/test_projector.py).
            width=1100 if focus else 1500,
            scale=2.0 if focus else 1.7,
            amounts=True,
            window=window,
            lines_height=120 if focus else 90,
            # The amounts at 24 px or more on a 1080-line projector (as the room must read
            # them); taller than a row, so each is drawn only where it fits.
            amount_size=12.0 if focus else 15.0,
        )
    )
