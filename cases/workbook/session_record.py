"""The optional sheet ``sessieverslag`` of the evaluation workbook: per case the record of its
evaluation session (date, duration, participants, disciplines present), so that the workbook
as a backup keeps it.

Optional both ways: a workbook without the sheet imports as before (its cases get no session
record), and export writes the sheet only when some case has one, so that a workbook without
session records comes back byte for byte. Duration is written in whole minutes
(``duur_minuten``); on import the cell may also say it as the entry screen takes it ("2,5
uur", "2:30", "150 min").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cases.models import Case, Evaluation
from lib import dutch
from lib.sheets import files, schema
from lib.sheets.errors import Problems
from lib.sheets.rows import RowReader

SHEET = schema.SESSIEVERSLAG
MAX_MINUTES = 24 * 60
MAX_PARTICIPANTS = 1000


@dataclass
class SessionData:
    session_date: date | None
    session_minutes: int | None
    participant_count: int | None
    participants: str
    disciplines_present: str


# Export ----------------------------------------------------------------------------------------


def session_table(evaluation: Evaluation) -> files.Table | None:
    """The sheet, or None when no case of the evaluation has a session record."""
    rows = [
        [
            case.code,
            case.session_date.isoformat() if case.session_date else "",
            "" if case.session_minutes is None else str(case.session_minutes),
            "" if case.participant_count is None else str(case.participant_count),
            case.participants,
            case.disciplines_present,
        ]
        for case in evaluation.cases.all()
        if _has_session_record(case)
    ]
    if not rows:
        return None
    return files.Table(SHEET, list(schema.columns(SHEET)), rows)


def _has_session_record(case: Case) -> bool:
    return any(getattr(case, field) not in (None, "") for field in schema.SESSION_FIELDS.values())


# Import ----------------------------------------------------------------------------------------


def read_sessions(
    sheet: files.Sheet | None, case_codes: set[str], problems: Problems
) -> dict[str, SessionData]:
    """Per case code its session record; {} when the workbook has no such sheet."""
    if sheet is None:
        return {}
    required, _optional = schema.OPTIONAL_SHEETS[SHEET]
    missing = [column for column in required if column not in sheet.columns]
    for column in missing:
        problems.add(f'kolom "{column}" ontbreekt', sheet=SHEET)
    if missing:
        return {}
    sessions: dict[str, SessionData] = {}
    for row in sheet.rows:
        reader = RowReader(problems, SHEET, row)
        code = reader.text("casus", required=True)
        if code and code not in case_codes:
            reader.error("casus", f'onbekende casus "{code}" (niet in blad "casussen")')
        elif code in sessions:
            reader.error("casus", f'casus "{code}" heeft al een sessieverslag op een eerdere rij')
        data = SessionData(
            session_date=reader.date("datum"),
            session_minutes=_minutes(reader),
            participant_count=reader.integer("deelnemers", 0, MAX_PARTICIPANTS),
            participants=reader.text("deelnemers_per_rol", max_length=2000),
            disciplines_present=reader.text("disciplines", max_length=2000),
        )
        if reader.ok and code:
            sessions[code] = data
    return sessions


def _minutes(reader: RowReader) -> int | None:
    text = reader.text("duur_minuten")
    if not text:
        return None
    try:
        minutes = dutch.parse_minutes(text)
    except dutch.EntryError as error:
        reader.error("duur_minuten", str(error))
        return None
    if minutes > MAX_MINUTES:
        reader.error("duur_minuten", f"{dutch.duration(minutes)} is langer dan een dag")
        return None
    return minutes


def apply_sessions(cases: dict[str, Case], sessions: dict[str, SessionData]) -> None:
    """Put each session record on its (not yet written) case."""
    for code, data in sessions.items():
        case = cases[code]
        case.session_date = data.session_date
        case.session_minutes = data.session_minutes
        case.participant_count = data.participant_count
        case.participants = data.participants
        case.disciplines_present = data.disciplines_present
