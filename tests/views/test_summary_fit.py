"""The warning that a case's summary will not fit its page, where the effectencalculateur
sees it before a PDF is made: the evaluation page, the report page, the declare-final
screen and the case's edit screen."""

import re

import pytest
from django.urls import reverse

from cases.models import Case

pytestmark = pytest.mark.django_db

LONG = " ".join(["gezinsbegeleiding"] * 3000)  # a 3,000-word narrative
WARNING = "De samenvatting van casus 2 (Dansen) past niet op één pagina: het veld ‘aanpak’"


def fit_warning(html: str) -> str:
    """The fit warning's own element (the report also names cases in its timeline headings)."""
    [found] = re.findall(r'<div class="[^"]*\bsummary-fit\b[^"]*".*?</div>', html, re.S)
    return found


@pytest.fixture
def long_story(evaluation):
    Case.objects.filter(evaluation=evaluation, code="2").update(approach=LONG)
    return evaluation


def test_it_warns_on_the_evaluation_report_and_declare_pages(client, owner, long_story):
    client.force_login(owner)
    slug = long_story.slug
    for url in (
        long_story.get_absolute_url(),
        reverse("reports:evaluation_report", args=[slug]),
        reverse("reports:declare_final", args=[slug]),
    ):
        warning = fit_warning(client.get(url).content.decode())
        assert WARNING in warning, url
        assert "casus 1 (Gebitsproblemen)" not in warning, url


def test_it_links_the_chair_to_the_case_to_shorten(client, owner, long_story):
    client.force_login(owner)
    html = client.get(long_story.get_absolute_url()).content.decode()
    assert reverse("cases:case_edit", args=[long_story.slug, "2"]) in html


def test_it_warns_nobody_when_every_summary_fits(client, owner, evaluation):
    client.force_login(owner)
    assert (
        "past niet op één pagina" not in client.get(evaluation.get_absolute_url()).content.decode()
    )


def test_it_warns_on_the_case_edit_screen_and_after_saving(client, owner, evaluation):
    client.force_login(owner)
    url = reverse("cases:case_edit", args=[evaluation.slug, "2"])
    assert "past niet op één pagina" not in client.get(url).content.decode()
    data = {
        "title": "Dansen",
        "start_date": "2017-10-01",
        "end_date": "2018-06-13",
        "approach": LONG,
    }
    response = client.post(url, data, follow=True)
    assert WARNING in response.content.decode()  # the message after the save
    assert Case.objects.get(evaluation=evaluation, code="2").approach == LONG
    assert WARNING in client.get(url).content.decode()
