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

# The columns of a cost; an event row must leave all of them empty.
COST_COLUMNS = ("prijscode", "aantal", "personen", "keer", "frequentie", "tarief", "bedrag")

# Per sheet: (required columns, optional columns). Unknown extra columns are ignored.
SHEETS = {
    EVALUATIE: (("veld", "waarde"), ()),
    WERKWIJZEN: (("code", "naam", "referentie"), ("volgorde",)),
    PRIJSLIJST: (
        ("code", "omschrijving", "eenheid", "prijs", "categorie", "financier", "bron"),
        ("prijsjaar", "hardheid"),
    ),
    CASUSSEN: (("code", "titel", "startdatum", "einddatum"), tuple(CASE_NARRATIVE)),
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
        # ja: a one-off payment, which the course over time puts on its start day. Export
        # writes the column only when some line is one-off.
        ("eenmalig",),
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
    "disciplines": "disciplines_present",
}
OPTIONAL_SHEETS = {SESSIEVERSLAG: (("casus",), tuple(SESSION_FIELDS))}


def columns(sheet: str) -> tuple[str, ...]:
    """All columns of a sheet in export order."""
    required, optional = SHEETS[sheet] if sheet in SHEETS else OPTIONAL_SHEETS[sheet]
    return (*required, *optional)
