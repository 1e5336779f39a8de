"""The command-line contract of DESIGN §5: import_workbook → evaluation_summary --json, and
export_workbook; the Stein workbook must come out to the cent."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cases.models import Evaluation
from pricelist.models import create_organisation

STEIN = settings.BASE_DIR / "cases" / "demo" / "stein"

CASES = ["1", "2", "3", "4", "5"]
STEIN_MET = dict(
    zip(CASES, ["16329.00", "39441.00", "264940.00", "22078.00", "10712.00"], strict=True)
)
STEIN_ZONDER = dict(
    zip(CASES, ["10640.00", "81919.00", "261377.00", "51102.00", "37287.00"], strict=True)
)
STEIN_INTERVENTION = dict(
    zip(CASES, ["877.00", "3540.00", "2760.00", "21568.00", "5990.00"], strict=True)
)
STEIN_FINANCIERS = {
    "1": {
        "gemeente-overig": 3041,
        "gemeente-participatie": 5963,
        "gemeente-schuldhulp": 488,
        "informeel": 693,
        "zorgverzekeraar": 6144,
    },
    "2": {
        "fondsen": 750,
        "gemeente-jeugd": 1280,
        "gemeente-overig": 3140,
        "gemeente-schuldhulp": 1446,
        "gemeente-wmo": 6463,
        "informeel": 189,
        "onderwijs": 17001,
        "politie-justitie": 1338,
        "uwv": 7650,
        "zorgverzekeraar": 184,
    },
    "3": {
        "gemeente-jeugd": 190571,
        "gemeente-overig": 4003,
        "gemeente-wmo": 720,
        "onderwijs": 29903,
        "politie-justitie": 6472,
        "uwv": 24650,
        "woningcorporatie": 560,
        "zorgverzekeraar": 8061,
    },
    "4": {
        "gemeente-overig": 2780,
        "gemeente-schuldhulp": 1128,
        "gemeente-wmo": 13670,
        "uwv": 3000,
        "woningcorporatie": 1500,
    },
    "5": {
        "gemeente-jeugd": 374,
        "gemeente-overig": 2615,
        "gemeente-participatie": 80,
        "gemeente-wmo": 5363,
        "zorgverzekeraar": 2280,
    },
}


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def import_stein(path=STEIN, *options) -> str:
    return run("import_workbook", str(path), *options).strip().splitlines()[-1]


def summary(slug: str, *options) -> dict:
    return json.loads(run("evaluation_summary", slug, "--json", *options))


@pytest.mark.django_db
def test_it_reproduces_the_stein_report_to_the_cent():
    data = summary(import_stein())

    assert [w["code"] for w in data["werkwijzen"]] == ["met", "zonder"]
    assert [w["reference"] for w in data["werkwijzen"]] == [False, True]
    cases = {case["code"]: case for case in data["cases"]}
    assert {code: c["totals"]["met"] for code, c in cases.items()} == STEIN_MET
    assert {code: c["totals"]["zonder"] for code, c in cases.items()} == STEIN_ZONDER
    assert {code: c["intervention"]["met"] for code, c in cases.items()} == STEIN_INTERVENTION
    assert {c["intervention"]["zonder"] for c in cases.values()} == {"0.00"}
    assert cases["1"]["difference"] == {"met": "-5689.00", "zonder": "0.00"}
    assert cases["3"]["difference"]["met"] == "-3563.00"
    assert data["totals"] == {
        "totals": {"met": "353500.00", "zonder": "442325.00"},
        "intervention": {"met": "34735.00", "zonder": "0.00"},
        "difference": {"met": "88825.00", "zonder": "0.00"},
    }


@pytest.mark.django_db
def test_it_reproduces_the_stein_costs_per_financier():
    data = summary(import_stein())

    for case in data["cases"]:
        expected = {key: f"{amount}.00" for key, amount in STEIN_FINANCIERS[case["code"]].items()}
        assert case["by_financier"]["met"] == expected
        # The course without the Village Deal is one lump sum per case, marked undivided: it
        # counts under no financier, not under gemeente-overig on which it is booked.
        assert case["by_financier"]["zonder"] == {"(niet verdeeld)": case["totals"]["zonder"]}
        assert case["hours"] == {"met": {}, "zonder": {}}


@pytest.mark.django_db
def test_it_adds_the_costs_per_year_and_the_break_even_as_new_keys_only_on_request():
    slug = import_stein()
    section_5 = {"code", "title", "totals", "intervention", "difference", "hours", "by_financier"}
    assert all(set(case) == section_5 for case in summary(slug)["cases"])
    data = summary(slug, "--verloop")
    for case in data["cases"]:
        assert set(case) == section_5 | {"per_year", "break_even"}
        for code, years in case["per_year"].items():
            total = sum(Decimal(amount) for amount in years.values())
            assert f"{total:.2f}" == case["totals"][code]
        assert set(case["break_even"]) == {"met"}
    dansen = next(case for case in data["cases"] if case["code"] == "2")
    # The reference's € 81.919 is spread from 30 jan to 13 jun 2018; by March, maand 6 of a case
    # that started in October 2017, it has cost more than Met and stays so.
    assert dansen["per_year"]["zonder"] == {"2017": "0.00", "2018": "81919.00"}
    assert dansen["break_even"] == {"met": 6}
    container = next(case for case in data["cases"] if case["code"] == "3")
    assert container["break_even"] == {"met": None}


@pytest.mark.django_db
def test_it_prints_the_new_slug_as_the_last_line_and_imports_twice():
    first = import_stein()
    second = import_stein()

    assert first == "evaluatie-village-deal-gemeente-stein"
    assert second != first
    assert Evaluation.objects.filter(slug__in=[first, second]).count() == 2
    assert (
        Evaluation.objects.get(slug=first).price_list
        == Evaluation.objects.get(slug=second).price_list
    )


@pytest.mark.django_db
def test_it_imports_into_the_named_organisation():
    create_organisation("Eerste")
    other = create_organisation("Adviesbureau", slug="adviesbureau")

    slug = import_stein(STEIN, "--organisation", "adviesbureau")

    assert Evaluation.objects.get(slug=slug).organisation == other


@pytest.mark.django_db
def test_it_refuses_an_unknown_organisation_in_dutch():
    with pytest.raises(CommandError, match='Er is geen organisatie met slug "nergens"'):
        run("import_workbook", str(STEIN), "--organisation", "nergens")
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_it_reports_workbook_errors_as_a_command_error(tmp_path):
    for sheet in STEIN.glob("*.csv"):
        (tmp_path / sheet.name).write_bytes(sheet.read_bytes())
    timeline = tmp_path / "tijdlijn.csv"
    timeline.write_text(timeline.read_text().replace(",164.00,", ",abc,", 1))

    with pytest.raises(CommandError) as raised:
        run("import_workbook", str(tmp_path))

    assert 'Blad "tijdlijn", rij 18, kolom "bedrag": "abc" is geen getal.' in str(raised.value)
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_missing_path():
    with pytest.raises(CommandError, match="bestaat niet"):
        run("import_workbook", "/nergens/werkmap.xlsx")


@pytest.mark.django_db
@pytest.mark.parametrize("command", [("evaluation_summary", "--json"), ("export_workbook", "x")])
def test_it_refuses_an_unknown_slug_in_dutch(command):
    name, argument = command
    with pytest.raises(CommandError, match='Er is geen evaluatie met slug "onbekend"'):
        run(name, "onbekend", argument)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["stein.xlsx", "stein.zip", "stein"])
def test_it_exports_a_workbook_that_imports_to_the_same_figures(tmp_path, target):
    slug = import_stein()

    run("export_workbook", slug, str(tmp_path / target))
    copy = import_stein(tmp_path / target)

    first, second = summary(slug), summary(copy)
    assert second["cases"] == first["cases"]
    assert second["totals"] == first["totals"]


@pytest.mark.django_db
def test_it_prints_a_readable_dutch_table_without_json():
    text = run("evaluation_summary", import_stein())

    assert "Evaluatie Village Deal gemeente Stein" in text
    assert "1 Gebitsproblemen" in text
    assert "€ 16.329" in text
    assert "€ 88.825" in text
    assert "Totaal" in text
