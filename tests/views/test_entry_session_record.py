"""The session record of a case: date, duration, participants, disciplines present."""

from datetime import date

import pytest

from cases.models import Case
from history.models import ChangeRecord
from tests.conftest import CASE_URL

URL = CASE_URL + "invoer/sessieverslag/"
HTMX = {"HTTP_HX_REQUEST": "true"}
DATA = {
    "session_date": "12 jun 2018",
    "session_minutes": "150",
    "participant_count": "7",
    "disciplines_present": "klantmanager, wijkverpleegkundige, schuldhulpverlener",
}


def test_it_is_not_found_for_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.post(URL, DATA).status_code == 404


def test_it_refuses_a_beleidsmedewerker(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    assert client.post(URL, DATA, **HTMX).status_code == 403
    assert Case.objects.get(code="1").session_date is None


def test_it_saves_with_htmx_and_records_it(client, notulist, evaluation):
    revision = Case.objects.get(code="1").revision
    client.force_login(notulist)
    response = client.post(URL, DATA, **HTMX)
    assert response.status_code == 200
    assert "Het sessieverslag is opgeslagen." in response.content.decode()
    case = Case.objects.get(code="1")
    assert case.session_date == date(2018, 6, 12)
    assert (case.session_minutes, case.participant_count) == (150, 7)
    assert case.disciplines_present.startswith("klantmanager")
    assert case.revision == revision + 1
    record = ChangeRecord.objects.get(model="cases.Case", action="update")
    assert record.before["session_date"] is None
    assert record.after["session_date"] == "2018-06-12"


def test_it_redirects_without_htmx(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(URL, DATA)
    assert response.status_code == 302
    assert response["Location"] == CASE_URL + "invoer/"


def test_it_refuses_invalid_input_keeping_it(client, notulist, evaluation):
    client.force_login(notulist)
    data = {**DATA, "session_date": "sep 2018", "session_minutes": "twee uur"}
    html = client.post(URL, data, **HTMX).content.decode()
    assert "Vul een dag in, bijvoorbeeld 12 jun 2018." in html
    assert "“twee uur” is geen duur die ik kan lezen." in html
    assert 'value="twee uur"' in html
    assert Case.objects.get(code="1").session_date is None


def test_it_shows_a_page_without_htmx(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.get(URL).content.decode()
    assert "<h1>Sessieverslag casus 1</h1>" in html


@pytest.mark.parametrize("typed", ["2,5 uur", "2:30", "150 min", "150", "2 uur 30 min"])
def test_it_reads_a_duration_as_it_is_said(client, notulist, evaluation, typed):
    client.force_login(notulist)
    html = client.post(URL, {**DATA, "session_minutes": typed}, **HTMX).content.decode()
    assert "Het sessieverslag is opgeslagen." in html
    assert Case.objects.get(code="1").session_minutes == 150


def test_it_shows_the_stored_duration_back_in_dutch(client, notulist, evaluation):
    Case.objects.filter(code="1").update(session_minutes=150)
    client.force_login(notulist)
    assert 'value="2 uur 30 min"' in client.get(URL).content.decode()
    session = client.get(CASE_URL + "sessie/").content.decode()
    assert "<dd>2 uur 30 min</dd>" in session


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2,51 uur", "“2,51 uur” is 150,6 minuten; vul een heel aantal minuten in."),
        ("25 uur", "25 uur is langer dan een dag; een sessie duurt hoogstens 24 uur."),
        ("2:75", "een uur heeft 60 minuten"),
    ],
)
def test_it_refuses_a_duration_it_cannot_store(client, notulist, evaluation, typed, message):
    client.force_login(notulist)
    html = client.post(URL, {**DATA, "session_minutes": typed}, **HTMX).content.decode()
    assert message in html
    assert f'value="{typed}"' in html
    assert "opgeslagen" not in html
    assert Case.objects.get(code="1").session_minutes is None
