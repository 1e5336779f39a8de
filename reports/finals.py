"""Declaring an evaluation's report final, and keeping it as it was.

Until the effectencalculateur declares it final, every report is a concept: marked CONCEPT on
every page and in its title, with its empty chapters listed as "nog te schrijven". Declaring
final renders the report once more without those marks (empty chapters left out, the version
and who declared it on the title page) and freezes it: the PDF bytes, their SHA-256, the
figures it shows (cases.summary's JSON, from the very load the PDF was made of) and the
price-list version are stored as the evaluation's next :class:`FinalReport`. A download of a
final hands out those bytes, never a new rendering, so it stays the same whatever is edited
afterwards; a later declaration is a new version beside it.

Finals are per evaluation. A case's own report is a working document and stays a concept.

The version number is printed in the PDF, so it is chosen before rendering and checked when
storing: two chairs declaring at the same moment cannot both get version 3 (the unique
constraint), and the second is told so rather than being given a PDF that names the wrong
version. Rendering happens outside any transaction, so that a notulist's typing is never held
up for the seconds WeasyPrint takes.
"""

from __future__ import annotations

import dataclasses
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from history.models import Action
from history.recorder import record_change
from reports.models import FinalReport

TAKEN = (
    "Intussen heeft iemand anders versie {version} definitief gemaakt. Bekijk die versie, of "
    "maak het rapport opnieuw definitief als versie {next}."
)


class VersionTaken(Exception):
    """Another declaration stored the version this one was rendered as."""


def next_version(evaluation) -> int:
    last = evaluation.final_reports.aggregate(last=Max("version"))["last"]
    return (last or 0) + 1


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def render_final(evaluation, user, version: int):
    """The report as version ``version``, declared by ``user`` today, and its PDF."""
    from reports.content import FinalMark, build_report
    from reports.page import render_html
    from reports.pdf import html_to_pdf

    report = build_report(evaluation)
    mark = FinalMark(version, _name(user), timezone.localdate())
    report = dataclasses.replace(report, final=mark)
    return report, html_to_pdf(render_html(report, for_pdf=True))


def store(evaluation, user, report, pdf: bytes) -> FinalReport:
    """Keep a rendered final report as its version; :class:`VersionTaken` if that number
    went to another declaration meanwhile."""
    from cases.summary import evaluation_summary

    version = report.final.version
    price_list = evaluation.price_list
    try:
        with transaction.atomic():
            final = FinalReport.objects.create(
                evaluation=evaluation,
                version=version,
                pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(),
                filename=f"{report.filename}-definitief-v{version}.pdf",
                figures=evaluation_summary(evaluation, figures=report.loaded),
                price_list=price_list,
                price_list_name=price_list.name,
                price_year=price_list.price_year,
                declared_by=user,
                declared_by_name=report.final.declared_by,
                declared_at=timezone.now(),
            )
            # The history keeps the declaration without the PDF itself (the row has it).
            record_change(user, final, Action.CREATE, after=_record(final))
    except IntegrityError as error:
        raise VersionTaken(TAKEN.format(version=version, next=version + 1)) from error
    return final


def _record(final: FinalReport) -> dict:
    return {
        "version": final.version,
        "sha256": final.sha256,
        "filename": final.filename,
        "price_list_id": final.price_list_id,
        "price_list_name": final.price_list_name,
        "declared_by_id": final.declared_by_id,
        "declared_at": final.declared_at.isoformat(),
    }


def declare(evaluation, user) -> FinalReport:
    """Render and store the evaluation's next final report (in the request: for an
    evaluation small enough to render in one, see reports/jobs.py)."""
    report, pdf = render_final(evaluation, user, next_version(evaluation))
    return store(evaluation, user, report, pdf)


def listed(evaluation):
    """The evaluation's finals, newest first, without their PDFs."""
    return evaluation.final_reports.defer("pdf", "figures").select_related("declared_by")
