"""Script and markup typed into any text field come out as text: on every page that shows
the field, in the report's HTML, and in its PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case, TimelineItem
from tests.pdf.conftest import render_pdf

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
MARKUP = "<b>vet</b>"
PAYLOAD = f"{SCRIPT}{MARKUP}"
CHAPTERS = ("introduction", "research_questions", "conclusions", "recommendations")


@pytest.fixture
def hostile(evaluation, owner):
    """The evaluation with the payload in every text field a user can fill in."""
    for name in ("title", "client", *CHAPTERS):
        setattr(evaluation, name, f"{name} {PAYLOAD}")
    evaluation.extra_fields = {"samenvatting": PAYLOAD}
    evaluation.save()
    evaluation.scenarios.update(name=PAYLOAD)
    for case in evaluation.cases.all():
        for name in ("title", "disciplines_present", *Case.NARRATIVE_FIELDS):
            setattr(case, name, f"{name} {PAYLOAD}")
        case.save()
    TimelineItem.objects.filter(case__evaluation=evaluation).update(description=PAYLOAD)
    price_list = evaluation.price_list
    price_list.name = f"Prijslijst {PAYLOAD}"
    price_list.save()
    price_list.items.update(name=PAYLOAD, category=PAYLOAD, source=PAYLOAD)
    evaluation.organisation.financiers.update(name=PAYLOAD)
    owner.first_name = PAYLOAD
    owner.save()
    return evaluation


def pages(evaluation):
    slug, case = evaluation.slug, evaluation.cases.first()
    return [
        reverse("cases:evaluation_list"),
        reverse("cases:evaluation_detail", args=[slug]),
        reverse("cases:case_detail", args=[slug, case.code]),
        reverse("cases:entry", args=[slug, case.code]),
        reverse("cases:session", args=[slug, case.code]),
        reverse("cases:case_history", args=[slug, case.code]),
        reverse("cases:members", args=[slug]),
        reverse("cases:evaluation_edit", args=[slug]),
        reverse("cases:case_edit", args=[slug, case.code]),
        reverse("pricelist:list"),
        reverse("pricelist:detail", args=[evaluation.price_list_id]),
        reverse("cases:margins", args=[slug]),
        reverse("reports:evaluation_report", args=[slug]),
        reverse("reports:case_report", args=[slug, case.code]),
    ]


def test_it_shows_script_and_markup_as_text_on_every_page(client, owner, hostile):
    client.force_login(owner)
    for url in pages(hostile):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert SCRIPT not in html, url
        assert MARKUP not in html, url
        assert "&lt;script&gt;alert(" in html, url


def test_it_prints_script_and_markup_as_text_in_the_pdf(hostile):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(hostile))).pages)
    assert "conclusions <script>alert(" in text.replace("\n", " ")
    assert MARKUP in text


def test_it_keeps_the_payload_as_typed_through_the_chair_s_editor(client, owner, evaluation):
    client.force_login(owner)
    url = reverse("cases:evaluation_edit", args=[evaluation.slug])
    client.post(url, {"title": PAYLOAD, "client": "", "date": "", "introduction": PAYLOAD})
    evaluation.refresh_from_db()
    assert evaluation.title == PAYLOAD
    html = client.get(reverse("cases:evaluation_detail", args=[evaluation.slug])).content
    assert SCRIPT.encode() not in html
