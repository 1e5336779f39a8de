"""Exporting evaluation workbooks: the sheets and columns of DESIGN §5 in one canonical form,
so that export → import → export gives the same workbook."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.conf import settings

from cases.models import CostLine, ItemKind, TimelineItem
from cases.summary import evaluation_summary
from cases.workbook import WorkbookError, export_workbook, import_workbook
from pricelist.models import create_organisation
from tests.unit.test_workbook_import import WORKBOOK, write_folder

STEIN = settings.BASE_DIR / "cases" / "demo" / "stein"
SHEETS = ["evaluatie", "werkwijzen", "prijslijst", "casussen", "tijdlijn"]
COLUMNS = {
    "evaluatie": ["veld", "waarde"],
    "werkwijzen": ["code", "naam", "referentie", "volgorde"],
    "prijslijst": ["code", "omschrijving", "eenheid", "prijs", "categorie", "financier", "bron",
                   "prijsjaar", "hardheid"],
    "casussen": ["code", "titel", "startdatum", "einddatum", "aanpak", "interventie",
                 "zonder_interventie", "kwaliteit_van_bestaan", "informele_ondersteuning",
                 "integraal_werken", "verbeterpunten"],
    "tijdlijn": ["casus", "werkwijze", "item", "soort", "start", "eind", "omschrijving",
                 "prijscode", "aantal", "personen", "keer", "frequentie", "tarief", "bedrag",
                 "interventie", "financier"],
}  # fmt: skip


@pytest.fixture
def organisation(db):
    return create_organisation("Proefbureau")


def sheets_of(path) -> dict[str, object]:
    """Every sheet of an exported workbook: CSV bytes, or the cell values of an xlsx."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book
        }
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return {name.removesuffix(".csv"): archive.read(name) for name in archive.namelist()}
    return {p.stem: p.read_bytes() for p in sorted(path.glob("*.csv"))}


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def round_trip(source, organisation, tmp_path, name):
    """Import → export → import → export; both exports."""
    first = import_workbook(source, organisation)
    export_workbook(first, tmp_path / f"a-{name}")
    second = import_workbook(tmp_path / f"a-{name}", organisation)
    export_workbook(second, tmp_path / f"b-{name}")
    return first, second, sheets_of(tmp_path / f"a-{name}"), sheets_of(tmp_path / f"b-{name}")


@pytest.mark.parametrize("name", ["werkmap", "werkmap.zip", "werkmap.xlsx"])
def test_it_round_trips_the_stein_workbook(tmp_path, organisation, name):
    first, second, a, b = round_trip(STEIN, organisation, tmp_path, name)

    assert list(a) == SHEETS if name.endswith(".xlsx") else sorted(a) == sorted(SHEETS)
    assert a == b
    assert evaluation_summary(second)["cases"] == evaluation_summary(first)["cases"]


@pytest.mark.parametrize("name", ["werkmap", "werkmap.zip", "werkmap.xlsx"])
def test_it_round_trips_a_workbook_with_prices_frequencies_and_three_werkwijzen(
    tmp_path, organisation, name
):
    source = write_folder(tmp_path / "bron", WORKBOOK)
    first, second, a, b = round_trip(source, organisation, tmp_path, name)

    assert a == b
    assert evaluation_summary(second)["cases"] == evaluation_summary(first)["cases"]
    assert second.price_list == first.price_list


def test_it_writes_the_stein_demo_back_as_it_was_written(tmp_path, organisation):
    export_workbook(import_workbook(STEIN, organisation), tmp_path / "stein")

    for sheet in ["evaluatie", "werkwijzen", "casussen", "tijdlijn"]:
        assert (tmp_path / "stein" / f"{sheet}.csv").read_bytes() == (
            STEIN / f"{sheet}.csv"
        ).read_bytes()
    assert (tmp_path / "stein" / "prijslijst.csv").read_text() == ",".join(
        COLUMNS["prijslijst"]
    ) + "\n"


def test_it_writes_the_columns_of_design_5_in_order(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    export_workbook(evaluation, tmp_path / "uit.xlsx")
    export_workbook(evaluation, tmp_path / "uit")

    xlsx = sheets_of(tmp_path / "uit.xlsx")
    folder = sheets_of(tmp_path / "uit")
    for sheet, columns in COLUMNS.items():
        assert xlsx[sheet][0] == columns
        assert csv_rows(folder[sheet])[0] == columns


def test_it_writes_one_canonical_form(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    export_workbook(evaluation, tmp_path / "uit")
    sheets = {name: csv_rows(data) for name, data in sheets_of(tmp_path / "uit").items()}

    assert sheets["evaluatie"] == [
        ["veld", "waarde"],
        ["titel", "Proefevaluatie"],
        ["opdrachtgever", "Gemeente Proef"],
        ["prijslijst", "Proef 2024"],
        ["datum", "2024-06-30"],
        ["inleiding", "Waarom deze evaluatie."],
        ["aanbevelingen", "Doorgaan."],
        ["bijlage", "Een veld dat het model niet kent."],
    ]
    assert sheets["werkwijzen"][1:] == [
        ["met", "Met interventie", "nee", "1"],
        ["zonder", "Zonder interventie", "ja", "2"],
        ["niets", "Niets doen", "nee", "3"],
    ]
    assert sheets["prijslijst"][1] == [
        "KM", "Klantmanager", "uur", "76.50", "Gemeente", "gemeente-wmo", "eigen", "2024", "aanname"
    ]  # fmt: skip
    assert sheets["casussen"][1] == [
        "1", "Eerste casus", "2024-01-01", "2024-12-31", "Zo ging het.", *[""] * 5, "Korter."
    ]  # fmt: skip
    timeline = sheets["tijdlijn"]
    assert timeline[1] == ["1", "met", "g1", "gebeurtenis", "2024-01-01", "2024-01-01",
                           "Aanmelding", "", "", "", "", "", "", "", "nee", ""]  # fmt: skip
    # Quantities without trailing zeros and empty for the default 1; money with two decimals;
    # an empty financier stays empty.
    assert timeline[4][7:] == ["WT", "3", "2", "", "", "90.00", "", "nee", "gemeente-jeugd"]
    assert timeline[5][7:] == ["KM", "", "", "", "", "", "500.00", "nee", ""]
    assert timeline[7][2:8] == [
        "o5",
        "ondersteuning",
        "2024-04-01",
        "2024-04-30",
        "Interventie",
        "OPV",
    ]
    assert timeline[10][13:] == ["1234.56", "nee", "gemeente-overig"]


def test_it_writes_spreadsheet_dates_and_numbers_to_xlsx(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    export_workbook(evaluation, tmp_path / "uit.xlsx")

    sheets = sheets_of(tmp_path / "uit.xlsx")
    start, end = datetime(2024, 1, 1), datetime(2024, 12, 31)
    assert sheets["casussen"][1][:4] == ["1", "Eerste casus", start, end]
    assert sheets["tijdlijn"][4][7:14] == ["WT", 3, 2, None, None, 90, None]
    assert sheets["prijslijst"][1][3] == 76.5


def test_it_labels_items_so_that_their_lines_stay_together(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    case = evaluation.cases.get(code="1")
    # Items made in the app may have no label, or a label another item already has.
    multi = TimelineItem.objects.get(case=case, label="o5")
    multi.label = ""
    multi.save()
    TimelineItem.objects.filter(case=case, label="o4").update(label="o3")

    export_workbook(evaluation, tmp_path / "uit")
    copy = import_workbook(tmp_path / "uit", organisation)

    copied = copy.cases.get(code="1").items.filter(scenario__code="met")
    assert [(i.label, i.lines.count()) for i in copied] == [
        ("g1", 0), ("o1", 1), ("o2", 1), ("o3", 1), ("o4", 1), ("o5", 2)
    ]  # fmt: skip
    assert evaluation_summary(copy)["cases"] == evaluation_summary(evaluation)["cases"]


def test_it_writes_a_support_item_without_lines_as_a_zero_amount(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    case = evaluation.cases.get(code="2")
    TimelineItem.objects.create(
        case=case,
        scenario=evaluation.scenarios.get(code="met"),
        kind=ItemKind.SUPPORT,
        start=date(2024, 5, 2),
        end=date(2024, 5, 2),
        description="Nog te prijzen",
        position=1,
    )

    export_workbook(evaluation, tmp_path / "a")
    copy = import_workbook(tmp_path / "a", organisation)
    export_workbook(copy, tmp_path / "b")

    line = CostLine.objects.get(item__case__evaluation=copy, item__description="Nog te prijzen")
    assert (line.fixed_amount, line.financier, line.price_item) == (0, None, None)
    assert sheets_of(tmp_path / "a") == sheets_of(tmp_path / "b")


def _with_settings(rows):
    return {**WORKBOOK, "evaluatie": [*WORKBOOK["evaluatie"], *rows]}


@pytest.mark.parametrize("name", ["werkmap", "werkmap.xlsx"])
def test_the_settings_of_the_course_over_time_travel_in_the_evaluatie_sheet(
    tmp_path, organisation, name
):
    settings_rows = [
        ["projectie_jaren", "2"],
        ["discontovoet", "3,5"],
        ["deadweight", "20"],
        ["attributie", "12.5"],
    ]
    source = write_folder(tmp_path / "bron", _with_settings(settings_rows))
    first, second, a, b = round_trip(source, organisation, tmp_path, name)
    for evaluation in (first, second):
        assert (
            evaluation.horizon_years,
            evaluation.discount_rate,
            evaluation.deadweight,
            evaluation.attribution,
        ) == (2, Decimal("3.5"), Decimal("20"), Decimal("12.5"))
    assert a == b
    sheet = a["evaluatie"]
    written = {row[0]: row[1] for row in (csv_rows(sheet) if isinstance(sheet, bytes) else sheet)}
    assert [written[key] for key in ("projectie_jaren", "discontovoet")] == ["2", "3.5"]
    assert [written[key] for key in ("deadweight", "attributie")] == ["20", "12.5"]


def test_the_defaults_are_not_written_so_a_workbook_without_them_comes_back_unchanged(
    tmp_path, organisation
):
    first, _second, a, _b = round_trip(STEIN, organisation, tmp_path, "werkmap")
    assert (first.horizon_years, first.discount_rate) == (0, Decimal("2.25"))
    fields = {row[0] for row in csv_rows(a["evaluatie"])}
    assert fields.isdisjoint({"projectie_jaren", "discontovoet", "deadweight", "attributie"})


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["projectie_jaren", "11"], "onwaarschijnlijk groot"),
        (["projectie_jaren", "1,5"], "te veel decimalen"),
        (["deadweight", "-5"], "mag niet negatief zijn"),
        (["attributie", "101"], "onwaarschijnlijk groot"),
    ],
)
def test_a_setting_out_of_range_is_refused_in_dutch(tmp_path, organisation, row, message):
    source = write_folder(tmp_path / "bron", _with_settings([row]))
    with pytest.raises(WorkbookError) as refused:
        import_workbook(source, organisation)
    assert any(message in text and 'Blad "evaluatie"' in text for text in refused.value.messages)


def test_a_one_off_payment_travels_in_the_optional_column_eenmalig(tmp_path, organisation):
    book = {key: [list(row) for row in rows] for key, rows in WORKBOOK.items()}
    header = book["tijdlijn"][0]
    book["tijdlijn"][0] = [*header, "eenmalig"]
    for row in book["tijdlijn"][1:]:
        frequency = row[header.index("frequentie")]
        amount = row[header.index("bedrag")]
        row.append("ja" if amount and not frequency else "")
    source = write_folder(tmp_path / "bron", book)
    first, second, a, b = round_trip(source, organisation, tmp_path, "werkmap")
    assert a == b
    one_offs = CostLine.objects.filter(item__case__evaluation=first, one_off=True)
    assert one_offs.exists()
    assert (
        one_offs.count()
        == CostLine.objects.filter(item__case__evaluation=second, one_off=True).count()
    )
    assert csv_rows(a["tijdlijn"])[0][-1] == "eenmalig"


def test_a_workbook_without_one_off_payments_keeps_its_columns(tmp_path, organisation):
    _first, _second, a, _b = round_trip(STEIN, organisation, tmp_path, "werkmap")
    assert "eenmalig" not in csv_rows(a["tijdlijn"])[0]


def test_a_one_off_payment_with_a_frequency_is_refused(tmp_path, organisation):
    book = {key: [list(row) for row in rows] for key, rows in WORKBOOK.items()}
    header = book["tijdlijn"][0]
    book["tijdlijn"][0] = [*header, "eenmalig"]
    for row in book["tijdlijn"][1:]:
        row.append("ja" if row[header.index("frequentie")] else "")
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron", book), organisation)
    assert any(
        'kolom "eenmalig": een eenmalige betaling heeft geen frequentie' in message
        for message in refused.value.messages
    )


# Honest certainty: the optional columns hardheid and niet_verdeeld (tijdlijn) and
# toelichting_cijfers (casussen); a workbook without them imports and exports unchanged.


def _with_certainty(book: dict) -> dict:
    """The hand-made workbook with hardheid and niet_verdeeld on its lines: the zonder
    estimate an undivided aanname, the met amount of 500 hard, the rest left to the rule."""
    book = {key: [list(row) for row in rows] for key, rows in book.items()}
    header = book["tijdlijn"][0]
    book["tijdlijn"][0] = [*header, "hardheid", "niet_verdeeld"]
    for row in book["tijdlijn"][1:]:
        description = row[header.index("omschrijving")]
        row += {"Schatting": ["aanname", "ja"], "Vast bedrag": ["Hard", ""]}.get(
            description, ["", ""]
        )
    return book


def test_hardness_and_undivided_travel_in_optional_timeline_columns(tmp_path, organisation):
    source = write_folder(tmp_path / "bron", _with_certainty(WORKBOOK))
    first, second, a, b = round_trip(source, organisation, tmp_path, "werkmap")
    assert a == b
    for evaluation in (first, second):
        lines = CostLine.objects.filter(item__case__evaluation=evaluation)
        estimate = lines.get(item__description="Schatting")
        assert (estimate.hardness, estimate.undivided) == ("aanname", True)
        paid = lines.get(item__description="Vast bedrag")
        assert (paid.hardness, paid.undivided) == ("hard", False)
        assert lines.filter(hardness="").count() == lines.count() - 2
    timeline = csv_rows(a["tijdlijn"])
    assert timeline[0][-2:] == ["hardheid", "niet_verdeeld"]
    assert timeline[9][-2:] == ["aanname", "ja"]
    assert timeline[5][-2:] == ["hard", ""]


def test_an_undivided_sum_counts_under_no_financier(tmp_path, organisation):
    source = write_folder(tmp_path / "bron", _with_certainty(WORKBOOK))
    data = evaluation_summary(import_workbook(source, organisation))
    zonder = data["cases"][0]["by_financier"]["zonder"]
    assert zonder == {"(niet verdeeld)": "20000.00"}  # booked on gemeente-overig


def test_a_workbook_without_the_certainty_columns_keeps_its_columns(tmp_path, organisation):
    source = write_folder(tmp_path / "bron", WORKBOOK)
    first, _second, a, b = round_trip(source, organisation, tmp_path, "werkmap")
    assert a == b
    assert csv_rows(a["tijdlijn"])[0] == COLUMNS["tijdlijn"]
    assert csv_rows(a["casussen"])[0] == COLUMNS["casussen"]
    lines = CostLine.objects.filter(item__case__evaluation=first)
    assert not lines.exclude(hardness="").exists()
    assert not lines.filter(undivided=True).exists()


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (
            ["zeker", ""],
            "hardheid",
            'onbekende hardheid "zeker" (kies uit: hard, onderbouwd, aanname)',
        ),
        (["", "misschien"], "niet_verdeeld", ""),
    ],
)
def test_a_wrong_certainty_cell_is_refused_at_its_row_and_column(
    tmp_path, organisation, cells, column, message
):
    book = _with_certainty(WORKBOOK)
    book["tijdlijn"][3][-2:] = cells
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron", book), organisation)
    found = [m for m in refused.value.messages if "rij 4" in m and f'kolom "{column}"' in m]
    assert found and message in found[0]


def test_an_event_may_not_carry_a_hardness(tmp_path, organisation):
    book = _with_certainty(WORKBOOK)
    book["tijdlijn"][1][-2] = "hard"  # g1, an event
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron", book), organisation)
    assert any('kolom "hardheid"' in m and "rij 2" in m for m in refused.value.messages)


def test_a_figures_note_travels_in_the_optional_column_toelichting_cijfers(tmp_path, organisation):
    book = {key: [list(row) for row in rows] for key, rows in WORKBOOK.items()}
    book["casussen"][0].append("toelichting_cijfers")
    book["casussen"][1].append("")
    book["casussen"][2].append("Het rapport noemt € 2.343; de tijdlijn telt op tot € 2.760.")
    first, second, a, b = round_trip(
        write_folder(tmp_path / "bron", book), organisation, tmp_path, "w"
    )
    assert a == b
    assert csv_rows(a["casussen"])[0][-1] == "toelichting_cijfers"
    for evaluation in (first, second):
        assert evaluation.cases.get(code="2").figures_note.startswith("Het rapport noemt")
        assert evaluation.cases.get(code="1").figures_note == ""


def test_the_stein_demo_marks_its_estimates_and_its_undivided_sums(organisation):
    evaluation = import_workbook(STEIN, organisation)
    lines = CostLine.objects.filter(item__case__evaluation=evaluation)
    estimates = lines.filter(item__scenario__code="zonder")
    assert estimates.count() == 5
    assert set(estimates.values_list("hardness", "undivided")) == {("aanname", True)}
    # The published amounts of the actual course are marked hard; none is undivided.
    actual = lines.filter(item__scenario__code="met")
    assert set(actual.values_list("hardness", "undivided")) == {("hard", False)}
    assert evaluation.cases.get(code="3").figures_note.startswith("Het rapport noemt € 2.343")
