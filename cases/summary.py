"""An evaluation's computed figures as plain data: the JSON of DESIGN §5.

Amounts are strings with exactly two decimals; keys are werkwijze codes and price codes.
Asked for the course over time (``--verloop``), every case also has ``per_year`` (per werkwijze
its cost per calendar year) and ``break_even`` (per werkwijze but the reference the month,
counted from the case's first, from which it breaks even; null when it does not within the
period). They are new keys only, and only on request: without ``--verloop`` the output is
exactly §5's, which scripts compare whole.
"""

from __future__ import annotations

from decimal import Decimal

from cases.figures import load
from lib import costing


def money(amount: Decimal) -> str:
    """ "16329.00"; never "-0.00"."""
    return f"{costing.round_cents(amount) + 0:.2f}"


def _amounts(by_key: dict[str, Decimal]) -> dict[str, str]:
    return {key: money(amount) for key, amount in by_key.items()}


def _figures(figures: costing.CaseFigures) -> dict:
    return {
        "totals": _amounts(figures.totals),
        "intervention": _amounts(figures.intervention_subtotals),
        "difference": _amounts(figures.differences),
    }


def _course(case, loaded) -> dict:
    courses = loaded.courses(case)
    return {
        "per_year": {
            code: {str(year): money(amount) for year, amount in course.per_year().items()}
            for code, course in courses.items()
        },
        "break_even": {scenario.code: found.index for scenario, found in loaded.break_evens(case)},
    }


def _case(case, figures: costing.CaseFigures) -> dict:
    return {
        "code": case.code,
        "title": case.title,
        **_figures(figures),
        "hours": {code: _amounts(scenario.hours) for code, scenario in figures.figures.items()},
        # Keys are financier codes: a fixed amount that nobody is known to pay counts in the
        # totals but under no financier here, and an undivided sum (one amount for several
        # financiers) under "(niet verdeeld)" (lib.costing.UNDIVIDED).
        "by_financier": {
            code: _amounts({key: amount for key, amount in scenario.by_financier.items() if key})
            for code, scenario in figures.figures.items()
        },
    }


def evaluation_summary(evaluation, with_course: bool = False, figures=None) -> dict:
    """Every case's totals, intervention subtotals, verschil, hours per discipline and cost
    per financier, per werkwijze; and the cross-case totals. ``figures``: an evaluation's
    :func:`cases.figures.load` already made (a final report stores the figures of the very
    load its PDF shows)."""
    figures = figures or load(evaluation)
    return {
        "evaluation": {"slug": evaluation.slug, "title": evaluation.title},
        "werkwijzen": [
            {"code": s.code, "name": s.name, "reference": s.is_reference} for s in figures.scenarios
        ],
        "cases": [
            _case(case, case_figures) | (_course(case, figures) if with_course else {})
            for case, case_figures in figures.rows()
        ],
        "totals": _figures(figures.totals),
    }
