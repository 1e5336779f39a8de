"""Forecast against realisation in a case's PDF: the section is there, and the two PDF/UA
checkers find nothing in it (pdfua nothing at all; outloud nothing on its pages)."""

import json
import subprocess  # nosec B404 -- runs the two checkers from our own venv on our own PDF
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cases import prognosis
from cases.models import CaseStage, ItemKind
from tests.conftest import add_item
from tests.pdf.conftest import pdf_pages, render_pdf

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.django_db


def _run(*command: str) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # nosec B603
    return json.loads(done.stdout)


def test_the_comparison_is_pdfua_clean(evaluation, owner, tmp_path):
    case = evaluation.add_case(
        owner,
        code="P",
        title="Huishouden",
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
        stage=CaseStage.FORECAST,
    )
    met, zonder = evaluation.scenarios.get(code="met"), evaluation.scenarios.get(code="zonder")
    km = evaluation.price_list.items.get(code="KM")

    def item(scenario, start, end, text, line):
        add_item(case, scenario, ItemKind.SUPPORT, start, end, text, [line])

    item(met, date(2025, 1, 1), date(2025, 12, 31), "Begeleiding", {"price_item": km, "times": 12})
    item(met, date(2025, 3, 1), date(2025, 3, 1), "Schuldhulp", {"fixed_amount": Decimal(500)})
    item(zonder, date(2025, 1, 1), date(2025, 1, 1), "Opvang", {"fixed_amount": Decimal(9000)})
    prognosis.realise(owner, case)
    item(met, date(2025, 1, 1), date(2025, 6, 30), "Begeleiding", {"price_item": km, "times": 6})
    item(met, date(2025, 8, 1), date(2025, 8, 1), "Verhuizing", {"fixed_amount": Decimal(2000)})
    # A werkwijze whose comparison is one pair: a table of a single item.
    item(zonder, date(2025, 1, 1), date(2025, 1, 1), "Opvang", {"fixed_amount": Decimal(9500)})

    pdf = render_pdf(evaluation, case)
    pages = pdf_pages(pdf)
    shown = [n for n, text in enumerate(pages, start=1) if "Prognose en werkelijkheid" in text]
    assert shown, "the comparison is in the PDF"
    assert "Verhuizing: niet voorzien" in " ".join(" ".join(pages).split())
    path = tmp_path / "prognose.pdf"
    path.write_bytes(pdf)
    assert _run(str(BIN / "pdfua"), "check", "-f", "json", str(path))["findings"] == []
    findings = _run(str(BIN / "outloud"), "--json", "-", "-q", str(path))["results"][0]["findings"]
    on_its_pages = [
        f for f in findings if f["severity"] != "info" and f.get("page") in range(shown[0], 99)
    ]
    assert on_its_pages == []
