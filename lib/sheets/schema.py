"""The sheets and columns of the evaluation workbook (DESIGN §5), in the order export writes
them, and how the narrative columns map onto model fields."""

EVALUATIE = "evaluatie"
WERKWIJZEN = "werkwijzen"
PRIJSLIJST = "prijslijst"
CASUSSEN = "casussen"
TIJDLIJN = "tijdlijn"

# Evaluation narrative: veld in the evaluatie sheet → Evaluation field.
EVALUATION_NARRATIVE = {
    "inleiding": "introduction",
    "onderzoeksvragen": "research_questions",
    # One short answer per research question, in their order: the bestuurlijke samenvatting.
    "korte_antwoorden": "research_answers",
    "conclusies": "conclusions",
    "aanbevelingen": "recommendations",
}
# The evaluation's settings of its course over time and sensitivity: veld → Evaluation field.
# Optional; export writes one only when it differs from its default, so that a workbook without
# them comes back unchanged.
EVALUATION_SETTINGS = {
    "projectie_jaren": "horizon_years",
    "discontovoet": "discount_rate",
    "deadweight": "deadweight",
    "attributie": "attribution",
}
EVALUATION_FIELDS = (
    "titel", "opdrachtgever", "prijslijst", "datum", *EVALUATION_NARRATIVE, *EVALUATION_SETTINGS
)  # fmt: skip

# Case narrative: column of the casussen sheet → Case field.
CASE_NARRATIVE = {
    "aanpak": "approach",
    "interventie": "intervention",
    "zonder_interventie": "without_intervention",
    "kwaliteit_van_bestaan": "quality_of_life",
    "informele_ondersteuning": "informal_support",
    "integraal_werken": "integrated_work",
    "verbeterpunten": "improvements",
}
# Optional columns of the casussen sheet that export writes only when some case fills them,
# so that a workbook without them comes back unchanged: column → Case field.
CASE_OPTIONAL = {
    # Why the figures are what they are; the report's cross-case table footnotes it.
    "toelichting_cijfers": "figures_note",
}

# The columns of a cost; an event row must leave all of them empty.
COST_COLUMNS = ("prijscode", "aantal", "personen", "keer", "frequentie", "tarief", "bedrag")

# Optional columns of the tijdlijn sheet, per cost line:
# - eenmalig: ja for a one-off payment, which the course over time puts on its start day;
# - hardheid: hard | onderbouwd | aanname, how firm the line's amount is; empty follows the
#   rule (a priced line its price item's hardness, a fixed amount aanname: lib.firmness);
# - niet_verdeeld: ja for a sum that stands for several financiers together (a lump-sum
#   estimate of a whole course); reports show it as "niet verdeeld", not as its financier's.
TIMELINE_OPTIONAL = ("eenmalig", "hardheid", "niet_verdeeld")

# The prognose (cases/workbook/prognosis.py): optional columns of casussen (the stage and the
# decision) and of tijdlijn (ja for an item of the kept forecast), after the others.
CASE_PROGNOSIS = ("fase", "besluit", "besluit_door", "besluit_datum", "besluit_bedrag")
TIMELINE_PROGNOSIS = "prognose"

# Per sheet: (required columns, optional columns). Unknown extra columns are ignored.
SHEETS = {
    EVALUATIE: (("veld", "waarde"), ()),
    WERKWIJZEN: (("code", "naam", "referentie"), ("volgorde",)),
    PRIJSLIJST: (
        ("code", "omschrijving", "eenheid", "prijs", "categorie", "financier", "bron"),
        ("prijsjaar", "hardheid"),
    ),
    CASUSSEN: (
        ("code", "titel", "startdatum", "einddatum"),
        (*CASE_NARRATIVE, *CASE_OPTIONAL, *CASE_PROGNOSIS),
    ),
    TIJDLIJN: (
        (
            "casus",
            "werkwijze",
            "item",
            "soort",
            "start",
            "eind",
            "omschrijving",
            *COST_COLUMNS,
            "interventie",
            "financier",
        ),
        # Per cost line, each written by export only when some line fills it (TIMELINE_OPTIONAL).
        (*TIMELINE_OPTIONAL, TIMELINE_PROGNOSIS),
    ),
}


# Sheets a workbook may leave out; export writes one only when it has rows, so that a
# workbook without them comes back unchanged.
#
# sessieverslag — per case its session record (date, duration in minutes, participants,
# disciplines present): a sheet of its own rather than columns of casussen, because it is a
# record of the evaluation session, not of the resident's course, and most cases of an
# imported evaluation have none.
SESSIEVERSLAG = "sessieverslag"
SESSION_FIELDS = {
    "datum": "session_date",
    "duur_minuten": "session_minutes",
    "deelnemers": "participant_count",
    # Who took part, by role ("wijkcoach, huisarts, moeder"): roles, never names.
    "deelnemers_per_rol": "participants",
    "disciplines": "disciplines_present",
}
# uitkomstmaat — the evaluation's outcome instrument, one row per domain: instrument (zrm,
# positieve-gezondheid or eigen, the same on every row), domein, and for eigen the scale
# (laagste_score, hoogste_score). For the ZRM and Positieve Gezondheid one row naming the
# instrument is enough. uitkomsten — per case, werkwijze and domain the start and end score
# and the story of what changed (cases.workbook.outcome_sheets).
UITKOMSTMAAT = "uitkomstmaat"
UITKOMSTEN = "uitkomsten"
OPTIONAL_SHEETS = {
    SESSIEVERSLAG: (("casus",), tuple(SESSION_FIELDS)),
    UITKOMSTMAAT: (("instrument",), ("domein", "laagste_score", "hoogste_score")),
    UITKOMSTEN: (("casus", "werkwijze", "domein"), ("startscore", "eindscore", "verhaal")),
}


def columns(sheet: str) -> tuple[str, ...]:
    """All columns of a sheet in export order."""
    required, optional = SHEETS[sheet] if sheet in SHEETS else OPTIONAL_SHEETS[sheet]
    return (*required, *optional)
