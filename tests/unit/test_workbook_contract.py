"""The costing rules (DESIGN §4) and the workbook format and command-line contract (§5), from
the outside: workbooks in every form the format allows, through the management commands.
Every expected figure below was worked out by hand from the rules, not taken from the
product's output; the arithmetic is written next to each figure."""

# ruff: noqa: E501

import copy
import csv
import io
import json
import re
import zipfile
from datetime import date, datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cases.models import CostLine, Evaluation, TimelineItem
from pricelist.models import PriceList

pytestmark = pytest.mark.django_db

TL = [
    "casus", "werkwijze", "item", "soort", "start", "eind", "omschrijving", "prijscode",
    "aantal", "personen", "keer", "frequentie", "tarief", "bedrag", "interventie", "financier",
]  # fmt: skip
PL = [
    "code",
    "omschrijving",
    "eenheid",
    "prijs",
    "categorie",
    "financier",
    "bron",
    "prijsjaar",
    "hardheid",
]


def ev(casus, ww, item, soort, start, eind, oms, prijscode="", aantal="", personen="", keer="",
       freq="", tarief="", bedrag="", interventie="", financier=""):  # fmt: skip
    return [casus, ww, item, soort, start, eind, oms, prijscode, aantal, personen, keer, freq,
            tarief, bedrag, interventie, financier]  # fmt: skip


# The workbook of these tests. Hand computation (§4):
#
# casus 1, met
#  r2  event, no cost
#  r3  KM 76.50/uur, aantal 3, personen 2, week, 2018-01-01..2018-01-10 (10 days inclusive)
#      occurrences = 1 × 10/7; cost = 76.50 × 3 × 2 × 10/7 = 4590/7 = 655.714… → 655.71
#      hours KM = 6 × 10/7 = 8.5714…
#  r4  item "a": KM aantal "1,5" (Dutch comma), eind empty (= start), interventie ja
#      cost = 76.50 × 1.5 = 114.75; hours KM 1.5
#  r5  item "a": WT 10.05/uur aantal "0,5" → 5.025 → 5.03 (ROUND_HALF_UP); hours WT 0.5
#      item a = 119.78, the intervention subtotal of met
#  r6  own item: WT aantal "0.5" (point), interventie empty (nee), financier empty
#      → 5.03 again (rounded once per line: 5.03 + 5.03 = 10.06, not round(10.05) = 10.05)
#  r7  bedrag 250 with prijscode KM and aantal 4: fixed 250.00, financier of KM
#      (gemeente-wmo), no hours
#  r8  BEG 1000/maand, frequentie maand, 2018-01-01..2018-12-31 (365 days)
#      occurrences = 365 / (365.25/12) = 11.99178644…; cost = 11991.786… → 11991.79
#  r9  WON 1000/jaar, frequentie jaar, 2016-01-01..2016-12-31 (366 days, leap year)
#      occurrences = 366/365.25 = 1.00205338…; cost = 1002.0533… → 1002.05
#  r10 OPV 150/dag, frequentie dag, keer 2, 2018-04-01..2018-04-05 (5 days)
#      occurrences = 2 × 5 / 1 = 10; cost 1500.00; financier override gemeente-overig
#  total met = 655.71 + 114.75 + 5.03 + 5.03 + 250.00 + 11991.79 + 1002.05 + 1500.00
#            = 15524.36
#  hours KM = 8.5714… + 1.5 = 10.0714… → "10.07"; WT = 0.5 + 0.5 = "1.00"
#  by financier: gemeente-wmo 655.71 + 114.75 + 250.00 + 11991.79 = 13012.25
#                gemeente-jeugd 5.03 + 5.03 = 10.06; woningcorporatie 1002.05;
#                gemeente-overig 1500.00          (sum 15524.36 ✓)
# casus 1, zonder (reference)
#  event; bedrag 20000 (gemeente-overig); KM with tarief "90,00" aantal 2 → 180.00, hours KM 2
#  total zonder = 20180.00; by financier gemeente-overig 20000.00, gemeente-wmo 180.00
#  verschil met = 20180.00 − 15524.36 = 4655.64; zonder 0.00
# casus 2, met: bedrag "1.234,56" (gemeente-overig) → 1234.56; zonder: nothing
#  verschil met = 0 − 1234.56 = −1234.56
# totals: met 15524.36 + 1234.56 = 16758.92; zonder 20180.00; intervention met 119.78;
#  verschil met = 20180.00 − 16758.92 = 3421.08
BOOK = {
    "evaluatie": [
        ["veld", "waarde"],
        ["titel", "Contractwerkmap"],
        ["opdrachtgever", "Gemeente Toets"],
        ["prijslijst", "Prijslijst contract 2018"],
        ["datum", "2018-07-01"],
    ],
    "werkwijzen": [
        ["code", "naam", "referentie", "volgorde"],
        ["met", "Met interventie", "nee", "1"],
        ["zonder", "Zonder interventie", "ja", "2"],
    ],
    "prijslijst": [
        PL,
        [
            "KM",
            "Klantmanager",
            "uur",
            "76,50",
            "Gemeente",
            "gemeente-wmo",
            "eigen",
            "2018",
            "aanname",
        ],
        [
            "WT",
            "Wijkteam",
            "uur",
            "10.05",
            "Gemeente",
            "gemeente-jeugd",
            "eigen",
            "2018",
            "aanname",
        ],
        ["OPV", "Opvang", "dag", "150.00", "Jeugd", "gemeente-jeugd", "", "2018", "hard"],
        ["BEG", "Begeleiding", "maand", "1000", "Wmo", "gemeente-wmo", "", "2018", ""],
        ["WON", "Woning", "jaar", "1000.00", "Wonen", "woningcorporatie", "", "", ""],
    ],
    "casussen": [
        ["code", "titel", "startdatum", "einddatum"],
        ["1", "Eerste casus", "2018-01-01", "2018-12-31"],
        ["2", "Tweede casus", "2018-01-01", "2018-06-30"],
    ],
    "tijdlijn": [
        TL,
        ev("1", "met", "", "gebeurtenis", "2018-01-01", "", "Aanmelding"),
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2018-01-01",
            "2018-01-10",
            "Gesprekken",
            "KM",
            "3",
            "2",
            "",
            "week",
        ),
        ev(
            "1",
            "met",
            "a",
            "ondersteuning",
            "2018-02-01",
            "",
            "Interventie",
            "KM",
            "1,5",
            interventie="ja",
        ),
        ev(
            "1",
            "met",
            "a",
            "ondersteuning",
            "2018-02-01",
            "",
            "Interventie",
            "WT",
            "0,5",
            interventie="ja",
        ),
        ev("1", "met", "", "ondersteuning", "2018-03-01", "", "Overleg", "WT", "0.5"),
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2018-03-02",
            "",
            "Vast bedrag",
            "KM",
            "4",
            bedrag="250",
        ),
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2018-01-01",
            "2018-12-31",
            "Begeleiding",
            "BEG",
            freq="maand",
        ),
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2016-01-01",
            "2016-12-31",
            "Woning",
            "WON",
            freq="jaar",
            interventie="nee",
        ),
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2018-04-01",
            "2018-04-05",
            "Opvang",
            "OPV",
            keer="2",
            freq="dag",
            financier="gemeente-overig",
        ),
        ev("1", "zonder", "", "gebeurtenis", "2018-01-01", "2018-12-31", "Escalatie"),
        ev(
            "1",
            "zonder",
            "",
            "ondersteuning",
            "2018-01-01",
            "2018-12-31",
            "Schatting",
            bedrag="20000",
            financier="gemeente-overig",
        ),
        ev(
            "1",
            "zonder",
            "",
            "ondersteuning",
            "2018-01-05",
            "",
            "Extra gesprek",
            "KM",
            "2",
            tarief="90,00",
        ),
        ev(
            "2",
            "met",
            "",
            "ondersteuning",
            "2018-01-01",
            "",
            "Eenmalig",
            bedrag="1.234,56",
            financier="gemeente-overig",
        ),
    ],
}

EXPECTED_CASES = [
    {
        "code": "1",
        "title": "Eerste casus",
        "totals": {"met": "15524.36", "zonder": "20180.00"},
        "intervention": {"met": "119.78", "zonder": "0.00"},
        "difference": {"met": "4655.64", "zonder": "0.00"},
        "hours": {"met": {"KM": "10.07", "WT": "1.00"}, "zonder": {"KM": "2.00"}},
        "by_financier": {
            "met": {
                "gemeente-jeugd": "10.06",
                "gemeente-overig": "1500.00",
                "gemeente-wmo": "13012.25",
                "woningcorporatie": "1002.05",
            },
            "zonder": {"gemeente-overig": "20000.00", "gemeente-wmo": "180.00"},
        },
    },
    {
        "code": "2",
        "title": "Tweede casus",
        "totals": {"met": "1234.56", "zonder": "0.00"},
        "intervention": {"met": "0.00", "zonder": "0.00"},
        "difference": {"met": "-1234.56", "zonder": "0.00"},
        "hours": {"met": {}, "zonder": {}},
        "by_financier": {"met": {"gemeente-overig": "1234.56"}, "zonder": {}},
    },
]
EXPECTED_TOTALS = {
    "totals": {"met": "16758.92", "zonder": "20180.00"},
    "intervention": {"met": "119.78", "zonder": "0.00"},
    "difference": {"met": "3421.08", "zonder": "0.00"},
}


# Helpers ---------------------------------------------------------------------------------------


def book(**sheets):
    b = copy.deepcopy(BOOK)
    b.update(copy.deepcopy(sheets))
    return b


def csv_bytes(rows, newline="\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue().encode()


def write_folder(path, b):
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in b.items():
        (path / f"{name}.csv").write_bytes(csv_bytes(rows))
    return path


def write_zip(path, b, newline="\n"):
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in b.items():
            archive.writestr(f"{name}.csv", csv_bytes(rows, newline))
    return path


def write_xlsx(path, b, typed=True):
    """An xlsx; with ``typed`` dates become real date cells and plain numbers real numbers,
    as a spreadsheet user would type them."""
    from openpyxl import Workbook

    xlsx = Workbook()
    xlsx.remove(xlsx.active)
    for name, rows in b.items():
        sheet = xlsx.create_sheet(name)
        header = rows[0]
        sheet.append(header)
        for row in rows[1:]:
            sheet.append(
                [_typed(col, v) if typed else v for col, v in zip(header, row, strict=True)]
            )
    xlsx.save(path)
    return path


DATE_COLS = {"start", "eind", "startdatum", "einddatum"}
NUM_COLS = {"aantal", "personen", "keer", "tarief", "bedrag", "prijs"}


def _typed(column, value):
    if value == "" or not isinstance(value, str):
        return None if value == "" else value
    if column in DATE_COLS and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return datetime.fromisoformat(value)  # a spreadsheet date cell (midnight)
    if column in NUM_COLS and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value) if "." in value else int(value)
    return value


def write(tmp_path, b, fmt="folder"):
    if fmt == "folder":
        return write_folder(tmp_path / "werkmap", b)
    if fmt == "zip":
        return write_zip(tmp_path / "werkmap.zip", b)
    return write_xlsx(tmp_path / "werkmap.xlsx", b)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def import_cli(path) -> str:
    return run("import_workbook", str(path)).strip().splitlines()[-1]


def summary(slug) -> dict:
    return json.loads(run("evaluation_summary", slug, "--json"))


def rejected(path) -> str:
    """Import must fail and write nothing; returns the message text."""
    before = {m._meta.label: m.objects.count() for m in apps.get_models()}
    with pytest.raises(CommandError) as raised:
        run("import_workbook", str(path))
    after = {m._meta.label: m.objects.count() for m in apps.get_models()}
    # default_organisation() may be created lazily; everything else must be untouched.
    assert {k: v for k, v in after.items() if "Organisation" not in k and "Financier" not in k} == {
        k: v for k, v in before.items() if "Organisation" not in k and "Financier" not in k
    }
    return str(raised.value)


def one_case(rows, prices=None, werkwijzen=None):
    """A workbook with the test price list, case 1 only and the given timeline rows."""
    sheets = {
        "casussen": [
            ["code", "titel", "startdatum", "einddatum"],
            ["1", "Casus", "2018-01-01", "2018-12-31"],
        ],
        "tijdlijn": [TL, *rows],
    }
    if prices:
        sheets["prijslijst"] = [PL, *prices]
    if werkwijzen:
        sheets["werkwijzen"] = werkwijzen
    return book(**sheets)


def single(tmp_path, rows, **kwargs) -> dict:
    return summary(import_cli(write(tmp_path, one_case(rows, **kwargs))))["cases"][0]


# Full figures per input format -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["folder", "zip", "xlsx"])
def test_full_summary_matches_hand_computation_in_every_format(tmp_path, fmt):
    slug = import_cli(write(tmp_path, BOOK, fmt))
    data = summary(slug)
    assert data["evaluation"] == {"slug": slug, "title": "Contractwerkmap"}
    assert data["werkwijzen"] == [
        {"code": "met", "name": "Met interventie", "reference": False},
        {"code": "zonder", "name": "Zonder interventie", "reference": True},
    ]
    assert data["cases"] == EXPECTED_CASES
    assert data["totals"] == EXPECTED_TOTALS


def test_xlsx_with_all_cells_as_text_gives_the_same_figures(tmp_path):
    slug = import_cli(write_xlsx(tmp_path / "t.xlsx", BOOK, typed=False))
    assert summary(slug)["cases"] == EXPECTED_CASES


def test_zip_with_crlf_csv_and_bom_gives_the_same_figures(tmp_path):
    path = tmp_path / "crlf.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in BOOK.items():
            archive.writestr(f"{name}.csv", b"\xef\xbb\xbf" + csv_bytes(rows, "\r\n"))
    assert summary(import_cli(path))["cases"] == EXPECTED_CASES


def test_xlsx_date_cells_are_read_as_dates(tmp_path):
    b = book()
    b["evaluatie"][4][1] = date(2018, 7, 1)
    b["casussen"][1][2] = date(2018, 1, 1)
    b["casussen"][1][3] = datetime(2018, 12, 31)
    slug = import_cli(write_xlsx(tmp_path / "d.xlsx", b))
    evaluation = Evaluation.objects.get(slug=slug)
    assert evaluation.date == date(2018, 7, 1)
    case = evaluation.cases.get(code="1")
    assert (case.start_date, case.end_date) == (date(2018, 1, 1), date(2018, 12, 31))
    item = TimelineItem.objects.get(case=case, scenario__code="met", description="Gesprekken")
    assert (item.start, item.end) == (date(2018, 1, 1), date(2018, 1, 10))


# JSON shape ------------------------------------------------------------------------------------


def test_json_shape_and_amount_strings(tmp_path):
    data = summary(import_cli(write(tmp_path, BOOK)))
    assert set(data) == {"evaluation", "werkwijzen", "cases", "totals"}
    assert set(data["totals"]) == {"totals", "intervention", "difference"}
    amount = re.compile(r"-?\d+\.\d\d")
    for case in data["cases"]:
        assert set(case) == {
            "code",
            "title",
            "totals",
            "intervention",
            "difference",
            "hours",
            "by_financier",
        }
        assert isinstance(case["code"], str)
        for part in ("totals", "intervention", "difference", "hours", "by_financier"):
            assert set(case[part]) == {"met", "zonder"}  # keys are werkwijze codes
        for part in ("totals", "intervention", "difference"):
            for value in case[part].values():
                assert isinstance(value, str) and amount.fullmatch(value)
        for part in ("hours", "by_financier"):
            for inner in case[part].values():
                for value in inner.values():
                    assert isinstance(value, str) and amount.fullmatch(value)
    for werkwijze in data["werkwijzen"]:
        assert isinstance(werkwijze["reference"], bool)


def test_import_prints_only_the_slug(tmp_path):
    out = run("import_workbook", str(write(tmp_path, BOOK)))
    slug = out.strip()
    assert "\n" not in slug
    assert Evaluation.objects.filter(slug=slug).exists()


# §4 costing rules, one at a time ---------------------------------------------------------------


def test_round_half_up_once_per_line(tmp_path):
    # WT 10.05 × 0.5 = 5.025 → 5.03 per line; three lines 15.09 (not round(15.075) = 15.08,
    # and not banker's rounding 5.02).
    rows = [
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", f"r{i}", "WT", "0,5")
        for i in range(3)
    ]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "15.09"


def test_frequency_week_with_empty_eind_counts_one_day(tmp_path):
    # eind empty = start → days = 1; occurrences = 1/7; KM 76.50 × 7 hours × 1/7 = 76.50
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Kort", "KM", "7", freq="week")]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "76.50"
    assert case["hours"]["met"] == {"KM": "1.00"}


def test_frequency_maand_is_a_twelfth_of_365_25_days(tmp_path):
    # 2018-01-01..2018-01-31 = 31 days; 31 / 30.4375 = 1.01848049…; 1000 × that = 1018.48049… → 1018.48
    # keer 3 multiplies: 3 × 31 / 30.4375 × 1000 = 3055.4414… → 3055.44
    rows = [
        ev("1", "met", "", "ondersteuning", "2018-01-01", "2018-01-31", "M1", "BEG", freq="maand"),
        ev(
            "1",
            "zonder",
            "",
            "ondersteuning",
            "2018-01-01",
            "2018-01-31",
            "M3",
            "BEG",
            keer="3",
            freq="maand",
        ),
    ]
    case = single(tmp_path, rows)
    assert case["totals"] == {"met": "1018.48", "zonder": "3055.44"}


def test_frequency_is_case_insensitive_per_form(tmp_path):
    # "per week" as the notulist says it, and capitals; 2018-01-01..2018-01-14 = 14 days → 2 weeks
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "2018-01-14", "W", "KM", freq="Week")]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "153.00"  # 76.50 × 2


def test_rate_override_zero_is_used(tmp_path):
    # tarief 0 is given, so rate = 0 → cost 0.00; hours still count (unit uur): 3
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Gratis", "KM", "3", tarief="0")]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "0.00"
    assert case["hours"]["met"] == {"KM": "3.00"}


def test_hours_are_quantity_persons_occurrences_summed_per_price_code(tmp_path):
    # Three lines of 1 hour per week on one day: each 1/7 hour. §4: hours = quantity × persons ×
    # occurrences grouped by price item; only the cost is rounded per line.
    # Exact sum 3/7 = 0.428571… → "0.43" (rounding each line first would give 0.14 × 3 = 0.42).
    rows = [
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", f"h{i}", "KM", freq="week")
        for i in range(3)
    ]
    case = single(tmp_path, rows)
    assert case["hours"]["met"] == {"KM": "0.43"}


def test_hours_only_for_unit_uur(tmp_path):
    # OPV unit dag, BEG unit maand: no hours even though aantal/personen are filled
    rows = [
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Opvang", "OPV", "2", "3"),
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Beg", "BEG", "2"),
    ]
    case = single(tmp_path, rows)
    assert case["hours"]["met"] == {}
    assert case["totals"]["met"] == "2900.00"  # 150 × 2 × 3 + 1000 × 2


def test_bedrag_with_prijscode_fixed_amount_financier_of_price_code_no_hours(tmp_path):
    # bedrag wins over rate × aantal × personen × keer × frequency; financier of WT (gemeente-jeugd)
    rows = [
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2018-01-01",
            "2018-03-31",
            "Vast",
            "WT",
            "10",
            "3",
            "2",
            "week",
            "99",
            "333,33",
        ),
    ]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "333.33"
    assert case["hours"]["met"] == {}
    assert case["by_financier"]["met"] == {"gemeente-jeugd": "333.33"}


def test_bedrag_with_prijscode_and_explicit_financier(tmp_path):
    rows = [
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2018-01-01",
            "",
            "Vast",
            "WT",
            bedrag="100",
            financier="fondsen",
        )
    ]
    case = single(tmp_path, rows)
    assert case["by_financier"]["met"] == {"fondsen": "100.00"}


def test_intervention_subtotal_is_sum_of_flagged_items(tmp_path):
    # item x (ja) two lines: 76.50 + 150.00; own item (nee) 76.50; own item (JA) bedrag 10
    rows = [
        ev("1", "met", "x", "ondersteuning", "2018-01-01", "", "X", "KM", interventie="ja"),
        ev("1", "met", "x", "ondersteuning", "2018-01-01", "", "X", "OPV", interventie="ja"),
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Y", "KM"),
        ev(
            "1",
            "met",
            "",
            "ondersteuning",
            "2018-01-01",
            "",
            "Z",
            bedrag="10",
            interventie="Ja",
            financier="fondsen",
        ),
    ]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "313.00"
    assert case["intervention"]["met"] == "236.50"


def test_verschil_with_three_werkwijzen_and_reference_in_the_middle(tmp_path):
    werkwijzen = [
        ["code", "naam", "referentie", "volgorde"],
        ["a", "A", "nee", "1"],
        ["ref", "Referentie", "ja", "2"],
        ["c", "C", "nee", "3"],
    ]
    rows = [
        ev("1", "a", "", "ondersteuning", "2018-01-01", "", "A", bedrag="100", financier="fondsen"),
        ev(
            "1",
            "ref",
            "",
            "ondersteuning",
            "2018-01-01",
            "",
            "R",
            bedrag="250,50",
            financier="fondsen",
        ),
        ev("1", "c", "", "ondersteuning", "2018-01-01", "", "C", bedrag="400", financier="fondsen"),
    ]
    case = single(tmp_path, rows, werkwijzen=werkwijzen)
    assert case["difference"] == {"a": "150.50", "ref": "0.00", "c": "-149.50"}


def test_single_werkwijze_is_allowed(tmp_path):
    werkwijzen = [["code", "naam", "referentie", "volgorde"], ["enige", "Enige", "ja", "1"]]
    rows = [ev("1", "enige", "", "ondersteuning", "2018-01-01", "", "A", "KM")]
    case = single(tmp_path, rows, werkwijzen=werkwijzen)
    assert case["totals"] == {"enige": "76.50"}
    assert case["difference"] == {"enige": "0.00"}


# §5 grouping and defaults ----------------------------------------------------------------------


def test_rows_sharing_item_form_one_item_and_empty_item_makes_own(tmp_path):
    rows = [
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Los", "KM"),
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Los", "KM"),
        ev("1", "met", "b", "ondersteuning", "2018-02-01", "2018-02-02", "Groep", "KM"),
        ev("1", "met", "", "gebeurtenis", "2018-02-01", "", "Tussendoor"),
        ev("1", "met", "b", "ondersteuning", "2018-02-01", "2018-02-02", "Groep", "WT"),
        ev("1", "zonder", "b", "ondersteuning", "2018-02-01", "", "Ander", "KM"),
    ]
    slug = import_cli(write(tmp_path, one_case(rows)))
    items = TimelineItem.objects.filter(case__evaluation__slug=slug)
    assert items.filter(scenario__code="met").count() == 4  # 2 loose + b + event
    assert items.filter(scenario__code="zonder").count() == 1
    group = items.get(scenario__code="met", label="b")
    assert [line.price_item.code for line in group.lines.all()] == ["KM", "WT"]
    assert (group.start, group.end) == (date(2018, 2, 1), date(2018, 2, 2))
    loose = items.filter(scenario__code="met", label="", kind="ondersteuning")
    assert [item.lines.count() for item in loose] == [1, 1]


def test_empty_cells_take_defaults(tmp_path):
    rows = [ev("1", "met", "", "ondersteuning", "2018-05-05", "", "Standaard", "OPV")]
    slug = import_cli(write(tmp_path, one_case(rows)))
    item = TimelineItem.objects.get(case__evaluation__slug=slug)
    line = item.lines.get()
    assert item.end == item.start == date(2018, 5, 5)
    assert item.is_intervention is False
    assert (line.quantity, line.persons, line.times, line.frequency) == (1, 1, 1, "")
    assert line.rate_override is None and line.fixed_amount is None
    assert line.effective_financier.code == "gemeente-jeugd"
    assert summary(slug)["cases"][0]["by_financier"]["met"] == {"gemeente-jeugd": "150.00"}


def test_event_without_cost_columns_costs_nothing(tmp_path):
    rows = [
        ev(
            "1",
            "met",
            "",
            "gebeurtenis",
            "2018-01-01",
            "2018-02-01",
            "Alleen gebeurtenis",
            interventie="ja",
        )
    ]
    case = single(tmp_path, rows)
    assert case["totals"] == {"met": "0.00", "zonder": "0.00"}
    assert case["by_financier"] == {"met": {}, "zonder": {}}


def test_dutch_thousands_and_decimal_comma_in_price_and_tarief(tmp_path):
    prices = [["KM", "Klantmanager", "uur", "1.076,50", "G", "gemeente-wmo", "", "", ""]]
    rows = [
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "P", "KM", "2"),
        ev("1", "zonder", "", "ondersteuning", "2018-01-01", "", "T", "KM", "2", tarief="12,5"),
    ]
    case = single(tmp_path, rows, prices=prices)
    assert case["totals"] == {"met": "2153.00", "zonder": "25.00"}


def test_quantity_with_many_decimals_is_accepted(tmp_path):
    # §5 allows decimals with a point or a comma and sets no limit on decimals.
    # 20 minutes = 0.33333 hour; 76.50 × 0.33333 = 25.4997… → 25.50
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Kort", "KM", "0,33333")]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "25.50"


def test_empty_omschrijving_is_accepted(tmp_path):
    # §5 lists omschrijving as a column but names no required cells; the format's defaults
    # cover eind, aantal, personen, keer, interventie and financier only.
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "", "KM")]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "76.50"


# §5 rejections: all-or-nothing, Dutch, naming sheet/row/column -------------------------------------


def test_event_with_prijscode_is_rejected_naming_the_cell(tmp_path):
    rows = [
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Goed", "KM"),
        ev("1", "met", "", "gebeurtenis", "2018-01-01", "", "Fout", "KM"),
    ]
    message = rejected(write(tmp_path, one_case(rows)))
    assert 'Blad "tijdlijn", rij 3, kolom "prijscode"' in message


def test_event_with_bedrag_is_rejected(tmp_path):
    rows = [ev("1", "met", "", "gebeurtenis", "2018-01-01", "", "Fout", bedrag="5")]
    message = rejected(write(tmp_path, one_case(rows)))
    assert 'Blad "tijdlijn", rij 2, kolom "bedrag"' in message


def test_support_with_neither_prijscode_nor_bedrag_is_rejected(tmp_path):
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Leeg")]
    message = rejected(write(tmp_path, one_case(rows)))
    assert 'Blad "tijdlijn", rij 2' in message


def test_error_in_last_row_of_xlsx_writes_nothing(tmp_path):
    b = book()
    b["tijdlijn"].append(ev("2", "met", "", "ondersteuning", "2018-01-01", "", "Fout", "ONBEKEND"))
    message = rejected(write_xlsx(tmp_path / "f.xlsx", b))
    row = len(b["tijdlijn"])  # header is row 1
    assert f'Blad "tijdlijn", rij {row}, kolom "prijscode"' in message
    assert "ONBEKEND" in message
    assert PriceList.objects.filter(name="Prijslijst contract 2018").count() == 0


@pytest.mark.parametrize(
    ("cell", "value", "column"),
    [
        ("aantal", "twee", "aantal"),
        ("start", "31-12-2018x", "start"),
        ("frequentie", "kwartaal", "frequentie"),
        ("interventie", "misschien", "interventie"),
        ("financier", "bank", "financier"),
        ("werkwijze", "onbekend", "werkwijze"),
        ("casus", "99", "casus"),
        ("soort", "kosten", "soort"),
    ],
)
def test_bad_cell_is_rejected_with_location(tmp_path, cell, value, column):
    b = book()
    b["tijdlijn"][3][TL.index(cell)] = value
    message = rejected(write(tmp_path, b))
    assert f'Blad "tijdlijn", rij 4, kolom "{column}"' in message


def test_unknown_financier_lists_the_valid_ones(tmp_path):
    b = book()
    b["tijdlijn"][3][TL.index("financier")] = "bank"
    message = rejected(write(tmp_path, b))
    assert "gemeente-wmo" in message and "zorgverzekeraar" in message


@pytest.mark.parametrize(
    "werkwijzen",
    [
        [
            ["code", "naam", "referentie"],
            ["a", "A", "nee"],
            ["b", "B", "ja"],
            ["c", "C", "nee"],
            ["d", "D", "nee"],
        ],
        [["code", "naam", "referentie"], ["met", "A", "nee"], ["zonder", "B", "nee"]],
        [["code", "naam", "referentie"], ["met", "A", "ja"], ["zonder", "B", "ja"]],
    ],
    ids=["four", "no-reference", "two-references"],
)
def test_werkwijzen_limits(tmp_path, werkwijzen):
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "A", "KM")]
    message = rejected(write(tmp_path, one_case(rows, werkwijzen=werkwijzen)))
    assert 'Blad "werkwijzen"' in message


# Import twice; price list reuse --------------------------------------------------------------


def test_import_twice_two_evaluations_one_price_list(tmp_path):
    path = write(tmp_path, BOOK, "zip")
    first, second = import_cli(path), import_cli(path)
    assert first != second
    assert Evaluation.objects.filter(slug__in=[first, second]).count() == 2
    assert PriceList.objects.filter(name="Prijslijst contract 2018").count() == 1
    assert summary(second)["cases"] == EXPECTED_CASES


def test_price_list_reused_across_formats_when_identical(tmp_path):
    # "76,50" in CSV vs 76.5 number in xlsx are the same price
    a = import_cli(write(tmp_path, BOOK, "folder"))
    b = import_cli(write(tmp_path, BOOK, "xlsx"))
    assert Evaluation.objects.get(slug=a).price_list == Evaluation.objects.get(slug=b).price_list


def test_same_price_list_name_with_other_prices_fails_asking_for_another_name(tmp_path):
    import_cli(write(tmp_path / "one", BOOK))
    b = book()
    b["prijslijst"][1][PL.index("prijs")] = "77,00"
    message = rejected(write(tmp_path / "two", b))
    assert "Prijslijst contract 2018" in message
    assert "andere naam" in message
    assert Evaluation.objects.count() == 1


def test_same_price_list_name_with_an_extra_item_fails(tmp_path):
    import_cli(write(tmp_path / "one", BOOK))
    b = book()
    b["prijslijst"].append(["EXTRA", "Extra", "stuk", "1.00", "", "fondsen", "", "", ""])
    message = rejected(write(tmp_path / "two", b))
    assert "andere naam" in message


# Round trip --------------------------------------------------------------------------------------


def _folder_bytes(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _zip_bytes(path):
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in sorted(archive.namelist())}


def _xlsx_cells(path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.mark.parametrize("target", ["folder", "zip", "xlsx"])
def test_export_import_export_is_identical(tmp_path, target):
    slug = import_cli(write(tmp_path, BOOK, "xlsx"))
    suffix = {"folder": "", "zip": ".zip", "xlsx": ".xlsx"}[target]
    first = tmp_path / f"export1{suffix}"
    run("export_workbook", slug, str(first))
    again = import_cli(first)
    second = tmp_path / f"export2{suffix}"
    run("export_workbook", again, str(second))
    read = {"folder": _folder_bytes, "zip": _zip_bytes, "xlsx": _xlsx_cells}[target]
    assert read(first) == read(second)
    assert summary(again)["cases"] == EXPECTED_CASES
    assert summary(again)["totals"] == EXPECTED_TOTALS


def test_export_keeps_multi_line_item_and_defaults(tmp_path):
    slug = import_cli(write(tmp_path, BOOK))
    out = tmp_path / "exp"
    run("export_workbook", slug, str(out))
    rows = list(csv.DictReader(io.StringIO((out / "tijdlijn.csv").read_text("utf-8"))))
    assert list(rows[0]) == TL  # columns of §5 in order
    grouped = [r for r in rows if r["item"] == "a"]
    assert [r["prijscode"] for r in grouped] == ["KM", "WT"]
    assert {r["interventie"] for r in grouped} == {"ja"}
    assert len(rows) == len(BOOK["tijdlijn"]) - 1
    assert CostLine.objects.filter(item__case__evaluation__slug=slug).count() == 11


# More edge cases ---------------------------------------------------------------------------------


def test_event_with_default_counts_filled_is_accepted(tmp_path):
    # §5: "an event has neither" (prijscode nor bedrag). A generator that writes the defaults
    # aantal/personen/keer = 1 on every row gives an event with neither; it costs nothing.
    rows = [
        ev(
            "1",
            "met",
            "",
            "gebeurtenis",
            "2018-01-01",
            "",
            "Gebeurtenis",
            aantal="1",
            personen="1",
            keer="1",
        ),
        ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Hulp", "KM", "1", "1", "1"),
    ]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "76.50"


def test_bedrag_without_prijscode_or_financier_is_accepted(tmp_path):
    # §5 requires "either a prijscode or a bedrag"; no sentence makes financier obligatory.
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Lump", bedrag="500")]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "500.00"


def test_zero_bedrag_without_financier_leaves_no_empty_financier_key(tmp_path):
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Niets", bedrag="0")]
    case = single(tmp_path, rows)
    assert case["totals"]["met"] == "0.00"
    assert "" not in case["by_financier"]["met"]


def test_price_list_reused_when_items_come_in_another_order(tmp_path):
    a = import_cli(write(tmp_path / "one", BOOK))
    b = book()
    b["prijslijst"] = [PL, *reversed(BOOK["prijslijst"][1:])]
    second = import_cli(write(tmp_path / "two", b))
    assert (
        Evaluation.objects.get(slug=a).price_list == Evaluation.objects.get(slug=second).price_list
    )


def test_evaluation_without_cases(tmp_path):
    b = book(casussen=[["code", "titel", "startdatum", "einddatum"]], tijdlijn=[TL])
    data = summary(import_cli(write(tmp_path, b)))
    assert data["cases"] == []
    assert data["totals"] == {
        "totals": {"met": "0.00", "zonder": "0.00"},
        "intervention": {"met": "0.00", "zonder": "0.00"},
        "difference": {"met": "0.00", "zonder": "0.00"},
    }


def test_empty_price_list_sheet_with_only_fixed_amounts(tmp_path):
    b = book(
        prijslijst=[PL],
        tijdlijn=[
            TL,
            ev(
                "1",
                "met",
                "",
                "ondersteuning",
                "2018-01-01",
                "",
                "L",
                bedrag="12,34",
                financier="rijk",
            ),
        ],
    )
    b["evaluatie"][3][1] = "Leeg 2018"
    data = summary(import_cli(write(tmp_path, b)))
    assert data["cases"][0]["totals"] == {"met": "12.34", "zonder": "0.00"}
    assert data["cases"][0]["difference"]["met"] == "-12.34"


def test_columns_in_another_order(tmp_path):
    b = book()
    for name, rows in b.items():
        b[name] = [list(reversed(row)) for row in rows]
    assert summary(import_cli(write(tmp_path, b)))["cases"] == EXPECTED_CASES


def test_datum_is_optional(tmp_path):
    b = book()
    del b["evaluatie"][4]
    slug = import_cli(write(tmp_path, b))
    assert Evaluation.objects.get(slug=slug).date is None


def test_hours_in_totals_sum_across_lines_of_one_item(tmp_path):
    # persons and keer multiply hours: 2 × 3 persons × 4 keer = 24 hours; cost 76.50 × 24 = 1836.00
    rows = [ev("1", "met", "", "ondersteuning", "2018-01-01", "", "Overleg", "KM", "2", "3", "4")]
    case = single(tmp_path, rows)
    assert case["hours"]["met"] == {"KM": "24.00"}
    assert case["totals"]["met"] == "1836.00"
