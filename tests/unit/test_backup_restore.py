"""Backup is the evaluation workbook; restoring it into an empty database gives the same figures."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Organisation
from cases.models import Evaluation
from cases.summary import evaluation_summary
from pricelist.models import PriceList

# Real commits: flushing inside a test transaction is refused by PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)


def without_slug(summary: dict) -> dict:
    return {**summary, "evaluation": {"title": summary["evaluation"]["title"]}}


def test_it_restores_a_backup_of_the_demo_into_an_empty_database(tmp_path):
    call_command("load_demo", stdout=StringIO())
    demo = Evaluation.objects.get()
    before = evaluation_summary(demo)
    price_list_name = demo.price_list.name
    backup = tmp_path / "stein-backup.xlsx"
    call_command("export_workbook", demo.slug, str(backup), stdout=StringIO())

    call_command("flush", "--no-input")
    assert not Evaluation.objects.exists()
    assert not Organisation.objects.exists()

    out = StringIO()
    call_command("import_workbook", str(backup), stdout=out)
    restored = Evaluation.objects.get(slug=out.getvalue().strip().splitlines()[-1])

    assert without_slug(evaluation_summary(restored)) == without_slug(before)
    assert restored.cases.count() == 5
    assert PriceList.objects.get().name == price_list_name
    assert before["totals"]["totals"] == {"met": "353500.00", "zonder": "442325.00"}
