"""The outcome grid of a case: reading, saving changed cells, refusals at their cell."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import outcomes
from cases.models import OutcomeMeasure, OutcomeScore
from history.models import ChangeRecord
from lib import outcomes as scales
from tests.conftest import CASE_URL

URL = CASE_URL + "uitkomsten/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def zrm(evaluation):
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    return evaluation.outcome_measure


def _name(evaluation, scenario_code, domain, field):
    scenario = evaluation.scenarios.get(code=scenario_code)
    domain = evaluation.outcome_measure.domains.get(name=domain)
    return outcomes.cell_name(scenario, domain, field)


def test_it_says_when_the_evaluation_scores_no_outcomes(client, owner, evaluation):
    client.force_login(owner)
    response = client.get(URL)
    assert "Deze evaluatie scoort geen uitkomsten." in response.text
    assert "/evaluaties/village-deal-test/uitkomsten/" in response.text


def test_it_shows_a_grid_of_domains_and_werkwijzen(client, notulist, evaluation, zrm):
    client.force_login(notulist)
    response = client.get(URL)
    text = response.text
    assert text.count('class="outcome-cell outcome-cell--start') == 13 * 2
    assert 'aria-label="Financiën, Met interventie, eind"' in text
    assert 'aria-label="Financiën, Zonder interventie, verwachte eind"' in text
    assert 'aria-label="Justitie, Zonder interventie, wat veranderde"' in text
    assert "1 acuut, 2 niet zelfredzaam" in text


def test_it_saves_the_changed_cells_with_their_history(client, notulist, evaluation, zrm):
    client.force_login(notulist)
    start = _name(evaluation, "met", "Financiën", "start")
    end = _name(evaluation, "met", "Financiën", "end")
    story = _name(evaluation, "met", "Financiën", "story")
    response = client.post(URL, {start: "1", end: "3", story: "Schulden in beeld"}, **HTMX)
    assert response.status_code == 200
    assert "1 score opgeslagen." in response.text
    score = OutcomeScore.objects.get()
    assert (score.start, score.end, score.story) == (1, 3, "Schulden in beeld")
    assert ChangeRecord.objects.filter(model="cases.OutcomeScore").count() == 1
    assert 'value="3"' in response.text


def test_it_writes_only_what_this_person_changed(client, notulist, owner, evaluation, zrm):
    """Two people at the grid: each one's save leaves the other's cells alone."""
    start = _name(evaluation, "met", "Financiën", "start")
    end = _name(evaluation, "met", "Financiën", "end")
    client.force_login(owner)
    client.post(URL, {start: "2", f"was-{start}": ""}, **HTMX)
    # The notulist's page was drawn before that save: start empty; she types the end only.
    client.force_login(notulist)
    client.post(URL, {start: "", f"was-{start}": "", end: "4", f"was-{end}": ""}, **HTMX)
    score = OutcomeScore.objects.get()
    assert (score.start, score.end) == (2, 4)


def test_emptying_every_cell_removes_the_score(client, notulist, evaluation, zrm):
    client.force_login(notulist)
    start = _name(evaluation, "met", "Financiën", "start")
    client.post(URL, {start: "2"}, **HTMX)
    client.post(URL, {start: "", f"was-{start}": "2"}, **HTMX)
    assert not OutcomeScore.objects.exists()


def test_it_refuses_a_bad_cell_at_the_cell_and_loses_nothing(client, notulist, evaluation, zrm):
    client.force_login(notulist)
    good = _name(evaluation, "met", "Financiën", "start")
    bad = _name(evaluation, "met", "Huisvesting", "end")
    words = _name(evaluation, "zonder", "Financiën", "end")
    response = client.post(URL, {good: "2", bad: "7", words: "veel"}, **HTMX)
    text = response.text
    assert not OutcomeScore.objects.exists()
    assert f'id="{bad}-fout">7 ligt buiten de schaal 1–5.</p>' in text
    assert "Een score is een heel getal van 1 tot en met 5." in text
    assert f'name="{good}" value="2"' in text and f'name="{bad}" value="7"' in text
    assert "2 vakken kunnen niet worden opgeslagen" in text


def test_the_privacy_guard_refuses_a_story_the_chair_may_overrule(
    client, notulist, owner, evaluation, zrm
):
    story = _name(evaluation, "met", "Financiën", "story")
    data = {story: "Belt nu zelf 06-12345678"}
    client.force_login(notulist)
    response = client.post(URL, data, **HTMX)
    assert "telefoonnummer" in response.text and "not_personal" not in response.text
    assert not OutcomeScore.objects.exists()
    client.force_login(owner)
    response = client.post(URL, data, **HTMX)
    assert 'name="not_personal"' in response.text
    client.post(URL, data | {"not_personal": "on"}, **HTMX)
    assert OutcomeScore.objects.get().story == "Belt nu zelf 06-12345678"


def test_the_beleidsmedewerker_reads_without_inputs_and_may_not_save(
    client, beleidsmedewerker, evaluation, zrm
):
    start = _name(evaluation, "met", "Financiën", "start")
    OutcomeScore.objects.create(
        case=evaluation.cases.get(code="1"),
        scenario=evaluation.scenarios.get(code="met"),
        domain=zrm.domains.get(name="Financiën"),
        start=2,
        end=4,
    )
    client.force_login(beleidsmedewerker)
    response = client.get(URL)
    assert '<input type="text"' not in response.text
    assert "Scores opslaan" not in response.text
    assert client.post(URL, {start: "1", f"was-{start}": "2"}).status_code == 403
    assert OutcomeScore.objects.get().start == 2


def test_without_htmx_a_save_redirects_to_the_grid(client, notulist, evaluation, zrm):
    client.force_login(notulist)
    start = _name(evaluation, "met", "Financiën", "start")
    response = client.post(URL, {start: "3"})
    assert response.status_code == 302 and response["Location"] == URL


def test_the_case_page_shows_the_chart_and_the_stories(client, beleidsmedewerker, evaluation, zrm):
    case = evaluation.cases.get(code="1")
    OutcomeScore.objects.create(
        case=case,
        scenario=evaluation.scenarios.get(code="met"),
        domain=zrm.domains.get(name="Financiën"),
        start=1,
        end=3,
        story="Schuldhulp loopt",
    )
    client.force_login(beleidsmedewerker)
    text = client.get(CASE_URL).text
    assert "Uitkomsten voor de inwoner" in text
    assert 'id="uitkomsten-1"' in text and "Financiën: Met interventie van 1 naar 3" in text
    assert "1 beter, 0 gelijk, 0 slechter van 1 gescoorde domeinen" in text
    assert "Schuldhulp loopt" in text
    assert "Alle scores" in text


def test_the_case_page_of_an_evaluation_without_instrument_is_as_before(client, owner, evaluation):
    client.force_login(owner)
    assert "Uitkomsten voor de inwoner" not in client.get(CASE_URL).text


def test_a_saved_score_is_in_the_case_history(client, notulist, owner, evaluation, zrm):
    client.force_login(notulist)
    start = _name(evaluation, "met", "Financiën", "start")
    client.post(URL, {start: "2"}, **HTMX)
    client.post(URL, {start: "3", f"was-{start}": "2"}, **HTMX)
    client.force_login(owner)
    response = client.get(CASE_URL + "geschiedenis/")
    assert response.status_code == 200
    assert "Financiën (Met interventie, casus 1)" in response.text


def test_the_session_screen_names_the_outcomes_under_its_u_key_only_when_scored(
    client, owner, evaluation
):
    client.force_login(owner)
    assert "Uren, financiers en uitkomsten" not in client.get(CASE_URL + "sessie/").text
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    assert "<kbd>U</kbd> Uren, financiers en uitkomsten" in client.get(CASE_URL + "sessie/").text


def test_the_session_screen_learns_of_the_instrument_without_a_query_of_its_own(
    client, owner, evaluation
):
    """The board is drawn on every change for every open screen: the instrument comes with
    the case (cases.access.get_case), so scoring outcomes costs the board no query."""
    client.force_login(owner)

    def measure_reads():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(CASE_URL + "sessie/", headers={"HX-Request": "true"})
            assert response.status_code == 200
        table = f'FROM "{OutcomeMeasure._meta.db_table}"'
        return [q["sql"] for q in captured.captured_queries if table in q["sql"]]

    assert measure_reads() == []
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    assert measure_reads() == []
