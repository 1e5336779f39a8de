"""The report's appendix as a researcher reads it: per price its version, year, source and
hardness; per session its date, duration, participants by role and disciplines; the authors;
the sources. The session record comes in through the entry screen's form, as in a session."""

import pytest
from django.urls import reverse

from tests.conftest import CASE_URL
from tests.views.helpers import table_rows

pytestmark = pytest.mark.django_db

SESSION = CASE_URL + "invoer/sessieverslag/"


def appendix(client, evaluation) -> str:
    html = client.get(reverse("reports:evaluation_report", args=[evaluation.slug])).content
    html = html.decode()
    return html[html.index('id="bijlage-methode"') :]


def test_it_gives_each_price_its_version_year_source_and_hardness(client, member, evaluation):
    client.force_login(member)
    rows = table_rows(appendix(client, evaluation), "Alle prijzen die in deze evaluatie")
    assert rows[0] == [
        "Code",
        "Omschrijving",
        "Eenheid",
        "Prijs",
        "Versie",
        "Prijsjaar",
        "Hardheid",
        "Bron",
    ]
    assert rows[1] == [
        "KM",
        "Klantmanager",
        "uur",
        "€ 80,00",
        "Testprijslijst 2024",
        "2024",
        "aanname",
        "Eigen schatting",
    ]
    assert rows[2][4:] == ["Testprijslijst 2024", "2023", "hard", "Zorginstituut"]


def test_it_says_plainly_that_no_session_was_recorded(client, member, evaluation):
    client.force_login(member)
    html = appendix(client, evaluation)
    assert "Van geen van de sessies is een verslag vastgelegd" in html
    assert "Per casus de sessie" not in html  # no table of dashes


def test_it_lists_a_session_recorded_on_the_entry_screen(client, notulist, member, evaluation):
    client.force_login(notulist)
    response = client.post(
        SESSION,
        {
            "session_date": "12 jun 2018",
            "session_minutes": "150",
            "participant_count": "6",
            "participants": "2 klantmanagers, 1 schuldhulpverlener, de cliënt",
            "disciplines_present": "klantmanager, schuldhulp",
        },
    )
    assert response.status_code == 302
    client.force_login(member)
    rows = table_rows(appendix(client, evaluation), "Per casus de sessie")
    assert rows[1] == [
        "1 Gebitsproblemen",
        "12 jun 2018",
        "2 uur 30 min",
        "6: 2 klantmanagers, 1 schuldhulpverlener, de cliënt",
        "klantmanager, schuldhulp",
    ]
    assert rows[2] == ["2 Dansen", *["niet vastgelegd"] * 4]


def test_it_refuses_a_name_with_a_phone_number_among_the_participants(client, notulist, evaluation):
    client.force_login(notulist)
    response = client.post(SESSION, {"participants": "klantmanager, bereikbaar op 06-12345678"})
    assert response.status_code == 200
    assert "06-12345678" in response.content.decode()  # kept in the field, not saved
    assert evaluation.cases.get(code="1").participants == ""


def test_it_names_the_authors_by_role_and_the_sources(client, owner, notulist, member, evaluation):
    from accounts.models import Role
    from cases.models import EvaluationMember

    EvaluationMember.objects.create(evaluation=evaluation, user=notulist, role=Role.NOTULIST)
    client.force_login(member)
    html = appendix(client, evaluation)
    authors = html[html.index("<h3>Auteurs</h3>") : html.index("<h3>Bronnen</h3>")]
    # The effectencalculateurs first: they wrote the report.
    assert authors.index("Effectencalculateur:") < authors.index("Notulist:")
    sources = html[html.index("<h3>Bronnen</h3>") :]
    assert "Prijslijst ‘Testprijslijst 2024’, prijsjaar 2024" in sources
    assert "<li>Eigen schatting</li>" in sources and "<li>Zorginstituut</li>" in sources
    assert "De methode van de Effectencalculator" in sources
