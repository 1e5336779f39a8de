"""The optional sheets ``uitkomstmaat`` and ``uitkomsten`` of the evaluation workbook: the
evaluation's outcome instrument and its cases' scores (cases.outcomes), so that the workbook
as a backup keeps them and a person can fill them in Excel.

``uitkomstmaat`` has one row per domain: ``instrument`` (``zrm``, ``positieve-gezondheid`` or
``eigen``, the same on every row; "ZRM" or "Positieve Gezondheid" as written are read too),
``domein``, and for ``eigen`` the scale in ``laagste_score`` and ``hoogste_score`` (whole
numbers). For the ZRM and Positieve Gezondheid one row naming the instrument is enough: their
domains and scales are fixed, and a domain or scale given must be theirs.

``uitkomsten`` has one row per case, werkwijze and domain: ``casus``, ``werkwijze`` (codes, as
in the other sheets), ``domein`` (as in ``uitkomstmaat``), ``startscore`` and ``eindscore`` (whole
numbers on the scale, either may be empty; for a werkwijze that did not happen the end is the
expected one) and ``verhaal`` (what changed).

Optional both ways: a workbook without these sheets imports as before (no instrument, no
scores), and export writes each only when it has rows, so a workbook without outcomes comes
back unchanged. ``uitkomsten`` without ``uitkomstmaat`` is refused: scores need their scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from cases import outcomes
from cases.models import Evaluation, OutcomeScore
from lib import outcomes as scales
from lib.sheets import files, schema
from lib.sheets.errors import Problems
from lib.sheets.rows import RowReader

MEASURE = schema.UITKOMSTMAAT
SCORES = schema.UITKOMSTEN
_NAMES = {
    "zrm": scales.ZRM,
    "zelfredzaamheid-matrix": scales.ZRM,
    "zelfredzaamheid-matrix (zrm)": scales.ZRM,
    "positieve-gezondheid": scales.POSITIVE_HEALTH,
    "positieve gezondheid": scales.POSITIVE_HEALTH,
    "eigen": scales.OWN,
}


@dataclass
class ScoreData:
    case: str
    scenario: str
    domain: str
    start: int | None
    end: int | None
    story: str


@dataclass
class OutcomeData:
    instrument: scales.Instrument
    scores: list[ScoreData]


# Export ----------------------------------------------------------------------------------------


def outcome_tables(evaluation: Evaluation) -> list[files.Table]:
    """The two sheets, each only when it has rows."""
    measure = outcomes.measure_of(evaluation)
    if measure is None:
        return []
    tables = [
        files.Table(
            MEASURE,
            list(schema.columns(MEASURE)),
            [
                [measure.instrument, d.name, str(measure.scale_min), str(measure.scale_max)]
                for d in measure.domains.all()
            ],
        )
    ]
    scores = OutcomeScore.objects.filter(domain__measure=measure).select_related(
        "case", "scenario", "domain"
    )
    rows = [
        [
            s.case.code,
            s.scenario.code,
            s.domain.name,
            "" if s.start is None else str(s.start),
            "" if s.end is None else str(s.end),
            s.story,
        ]
        for s in scores.order_by(
            "case__position", "case__pk", "scenario__position", "scenario__pk", "domain__position"
        )
    ]
    if rows:
        tables.append(files.Table(SCORES, list(schema.columns(SCORES)), rows))
    return tables


# Import ----------------------------------------------------------------------------------------


def _missing_columns(sheet: files.Sheet, name: str, problems: Problems) -> bool:
    required, _optional = schema.OPTIONAL_SHEETS[name]
    missing = [column for column in required if column not in sheet.columns]
    for column in missing:
        problems.add(f'kolom "{column}" ontbreekt', sheet=name)
    return bool(missing)


def read_outcomes(
    sheets: dict[str, files.Sheet],
    case_codes: set[str],
    scenario_codes: set[str],
    problems: Problems,
) -> OutcomeData | None:
    """The instrument and the scores; None when the workbook has neither sheet."""
    measure_sheet, score_sheet = sheets.get(MEASURE), sheets.get(SCORES)
    if measure_sheet is None:
        if score_sheet is not None and score_sheet.rows:
            problems.add(
                f'blad "{SCORES}" heeft scores, maar blad "{MEASURE}" ontbreekt: '
                "zonder instrument hebben de scores geen schaal",
                sheet=SCORES,
            )
        return None
    if _missing_columns(measure_sheet, MEASURE, problems):
        return None
    instrument = _read_instrument(measure_sheet, problems)
    if instrument is None:
        return None
    scores = []
    if score_sheet is not None and not _missing_columns(score_sheet, SCORES, problems):
        scores = _read_scores(score_sheet, instrument, case_codes, scenario_codes, problems)
    return OutcomeData(instrument, scores)


def _read_instrument(sheet: files.Sheet, problems: Problems) -> scales.Instrument | None:
    code = ""
    domains: list[str] = []
    bounds: dict[str, int] = {}
    for row in sheet.rows:
        reader = RowReader(problems, MEASURE, row)
        named = reader.text("instrument", required=True)
        found = _NAMES.get(named.strip().lower())
        if named and found is None:
            reader.error(
                "instrument", f'"{named}" is geen instrument (zrm, positieve-gezondheid of eigen)'
            )
            continue
        if code and found and found != code:
            reader.error("instrument", f'"{named}" verschilt van het instrument op een eerdere rij')
            continue
        code = code or found or ""
        domain = reader.text("domein", max_length=100)
        if domain:
            if domain.casefold() in (d.casefold() for d in domains):
                reader.error("domein", f'domein "{domain}" staat al op een eerdere rij')
            else:
                domains.append(domain)
        for column in ("laagste_score", "hoogste_score"):
            value = reader.integer(column, -scales.OWN_SCALE_LIMIT, scales.OWN_SCALE_LIMIT)
            if value is None:
                continue
            if bounds.setdefault(column, value) != value:
                reader.error(
                    column,
                    f"{value} verschilt van de {column.replace('_', ' ')} op een eerdere rij",
                )
    if not code:
        if sheet.rows:
            problems.add("geen instrument genoemd", sheet=MEASURE)
        return None
    if standard := scales.STANDARD.get(code):
        return _standard(standard, domains, bounds, problems)
    if not domains:
        problems.add(
            'noem bij een eigen instrument minstens één domein (kolom "domein")', sheet=MEASURE
        )
        return None
    low, high = bounds.get("laagste_score"), bounds.get("hoogste_score")
    if problem := scales.scale_problem(low, high):
        problems.add(f"{problem} (kolommen laagste_score en hoogste_score)", sheet=MEASURE)
        return None
    return scales.own_instrument(tuple(domains), low, high)


def _standard(standard, domains, bounds, problems: Problems) -> scales.Instrument | None:
    known = {d.casefold() for d in standard.domains}
    strangers = [d for d in domains if d.casefold() not in known]
    if strangers:
        problems.add(f'"{strangers[0]}" is geen domein van de {standard.name}', sheet=MEASURE)
    for column, value in (
        ("laagste_score", standard.scale_min),
        ("hoogste_score", standard.scale_max),
    ):
        if bounds.get(column, value) != value:
            problems.add(
                f"de {standard.name} loopt van {standard.scale_min} tot en met "
                f"{standard.scale_max} (kolom {column})",
                sheet=MEASURE,
            )
    return standard


def _read_scores(
    sheet: files.Sheet,
    instrument: scales.Instrument,
    case_codes: set[str],
    scenario_codes: set[str],
    problems: Problems,
) -> list[ScoreData]:
    domains = {d.casefold(): d for d in instrument.domains}
    seen: set[tuple[str, str, str]] = set()
    scores = []
    low, high = instrument.scale_min, instrument.scale_max
    for row in sheet.rows:
        reader = RowReader(problems, SCORES, row)
        case = reader.text("casus", required=True)
        scenario = reader.text("werkwijze", required=True)
        named = reader.text("domein", required=True)
        if case and case not in case_codes:
            reader.error("casus", f'onbekende casus "{case}" (niet in blad "casussen")')
        if scenario and scenario not in scenario_codes:
            reader.error(
                "werkwijze", f'onbekende werkwijze "{scenario}" (niet in blad "werkwijzen")'
            )
        domain = domains.get(named.casefold())
        if named and domain is None:
            reader.error("domein", f'"{named}" is geen domein van {instrument.name}')
        key = (case, scenario, domain or "")
        if reader.ok and key in seen:
            reader.error(
                "domein", "deze casus, werkwijze en dit domein staan al op een eerdere rij"
            )
        data = ScoreData(
            case=case,
            scenario=scenario,
            domain=domain or "",
            start=reader.integer("startscore", low, high),
            end=reader.integer("eindscore", low, high),
            story=reader.text("verhaal", max_length=outcomes.MAX_STORY),
        )
        if reader.ok:
            seen.add(key)
            if data.start is not None or data.end is not None or data.story:
                scores.append(data)
    return scores


def write_outcomes(evaluation: Evaluation, data: OutcomeData | None, cases, scenarios) -> None:
    """Set the new evaluation's instrument and write the scores; ``cases`` and ``scenarios``
    are the written ones by code."""
    if data is None:
        return
    outcomes.set_instrument(evaluation, data.instrument)
    domains = {d.name: d for d in evaluation.outcome_measure.domains.all()}
    OutcomeScore.objects.bulk_create(
        OutcomeScore(
            case=cases[s.case],
            scenario=scenarios[s.scenario],
            domain=domains[s.domain],
            start=s.start,
            end=s.end,
            story=s.story,
        )
        for s in data.scores
    )
