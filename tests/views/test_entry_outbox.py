"""Saving from the browser's outbox: every item carries an idempotency key, so a save sent
twice makes one item; a refused item comes back as a row of its own in the list."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import TimelineItem
from history.models import ChangeRecord
from tests.conftest import CASE_URL, entry_data

URL = CASE_URL + "invoer/"
OTHER_CASE_URL = CASE_URL.replace("/casussen/1/", "/casussen/2/") + "invoer/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _send(client, url=URL, key=None, prefix="", **fields):
    data = entry_data(prefix, **fields)
    data["idempotency_key"] = str(key or uuid.uuid4())
    return client.post(url, data, **HTMX)


def test_it_stores_the_key_with_the_item(client, notulist, evaluation):
    client.force_login(notulist)
    key = uuid.uuid4()
    assert _send(client, key=key).status_code == 200
    item = TimelineItem.objects.get(description="Huisbezoek wijkteam")
    assert item.idempotency_key == key
    record = ChangeRecord.objects.get(model="cases.TimelineItem", object_id=str(item.pk))
    assert record.after["idempotency_key"] == str(key)


def test_the_same_key_twice_makes_one_item_and_the_second_answer_names_the_first(
    client, notulist, evaluation
):
    client.force_login(notulist)
    key = uuid.uuid4()
    first = _send(client, key=key)
    revision = evaluation.cases.get(code="1").revision
    second = _send(client, key=key)
    [item] = TimelineItem.objects.filter(description="Huisbezoek wijkteam")
    assert first.status_code == second.status_code == 200
    html = second.content.decode()
    assert f'id="item-{item.pk}"' in html
    assert "Was al opgeslagen: Huisbezoek wijkteam — € 160,00" in html
    # Nothing was written the second time: no history record, no new revision.
    assert (
        ChangeRecord.objects.filter(model="cases.TimelineItem", action="create")
        .filter(object_id=str(item.pk))
        .count()
        == 1
    )
    assert evaluation.cases.get(code="1").revision == revision


def test_the_second_answer_is_the_item_as_it_is_now(client, notulist, evaluation):
    client.force_login(notulist)
    key = uuid.uuid4()
    _send(client, key=key)
    TimelineItem.objects.filter(idempotency_key=key).update(description="Intussen gewijzigd")
    html = _send(client, key=key).content.decode()
    assert "Intussen gewijzigd" in html
    assert TimelineItem.objects.filter(idempotency_key=key).count() == 1


def test_a_key_of_another_case_is_refused_in_dutch_keeping_the_item(client, notulist, evaluation):
    client.force_login(notulist)
    key = uuid.uuid4()
    _send(client, key=key)
    response = _send(client, url=OTHER_CASE_URL, key=key, description="Andere casus")
    assert response.status_code == 200
    html = response.content.decode()
    assert "al bij een andere casus hoort" in html
    assert 'value="Andere casus"' in html
    # The row forgets the key, so that the browser makes a new one when it is sent again.
    assert 'name="idempotency_key" value=""' in html
    assert not TimelineItem.objects.filter(description="Andere casus").exists()
    assert TimelineItem.objects.filter(idempotency_key=key).get().case.code == "1"


def test_a_key_that_is_not_a_uuid_is_refused(client, notulist, evaluation):
    client.force_login(notulist)
    data = {**entry_data(), "idempotency_key": "12345"}
    response = client.post(URL, data, **HTMX)
    assert response.status_code == 400
    assert "ongeldige sleutel" in response.content.decode()
    assert not TimelineItem.objects.filter(description="Huisbezoek wijkteam").exists()


def test_a_refused_item_comes_back_as_a_row_of_its_own_with_the_error_at_its_field(
    client, notulist, evaluation
):
    client.force_login(notulist)
    key = uuid.uuid4()
    response = _send(client, key=key, start="31-9-2016", description="Typte ik dit")
    html = response.content.decode()
    prefix = f"k{key.hex[:12]}-"
    assert f'<li id="outbox-{key}" class="entry-item entry-item--refused">' in html
    assert f'name="{prefix}start" id="id_{prefix}start" value="31-9-2016"' in html
    assert f'id="id_{prefix}start_error"' in html and "30 dagen" in html
    assert 'value="Typte ik dit"' in html
    assert f'name="idempotency_key" value="{key}"' in html
    assert 'id="quick-entry"' not in html  # the row being typed is left alone
    assert "Niet opgeslagen: Typte ik dit" in html


def test_a_corrected_row_is_saved_under_its_key(client, notulist, evaluation):
    client.force_login(notulist)
    key = uuid.uuid4()
    prefix = f"k{key.hex[:12]}-"
    response = _send(client, key=key, prefix=prefix, description="Verbeterd")
    assert "Opgeslagen: Verbeterd" in response.content.decode()
    assert TimelineItem.objects.get(idempotency_key=key).description == "Verbeterd"
    # Refused again, it stays a row under the same name.
    again = _send(client, key=uuid.uuid4(), prefix=prefix, start="morgen").content.decode()
    assert f'name="{prefix}start"' in again and "entry-item--refused" in again


def test_it_refuses_an_unknown_form_prefix(client, notulist, evaluation):
    client.force_login(notulist)
    assert _send(client, prefix="k12-").status_code == 404
    assert _send(client, prefix="item1-").status_code == 404


def test_the_saved_notice_names_the_amount(client, notulist, evaluation):
    client.force_login(notulist)
    html = _send(client, **{"regel0-quantity": "1,5"}).content.decode()
    assert "Opgeslagen: Huisbezoek wijkteam — € 120,00" in html
    event = {"kind": "gebeurtenis", "regel0-price_item": "", "regel0-quantity": ""}
    html = _send(client, description="Melding", **event).content.decode()
    assert "Opgeslagen: Melding<" in html or "Opgeslagen: Melding " in html
    assert "Opgeslagen: Melding —" not in html


def test_the_preview_answers_for_a_refused_row(client, notulist, evaluation):
    client.force_login(notulist)
    prefix = f"k{uuid.uuid4().hex[:12]}-"
    response = client.post(CASE_URL + "invoer/voorbeeld/", entry_data(prefix), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="preview-{prefix}regel0"' in html and "€ 160" in html


# What a save from the outbox costs the database, statement by statement. The save is the
# session's most frequent request (bench/session.py holds it against a minimal view that
# writes one row); a statement that creeps back in shows here first.
SAVE_STATEMENTS = [
    "django_session",  # the session (middleware, as in every request)
    "auth_user",  # the user (middleware)
    "cases_case",  # the case, its evaluation and the user's role, in one
    "cases_scenario",  # the werkwijzen the form may name
    "pricelist_priceitem",  # only the price items the lines name
    "SAVEPOINT",  # (BEGIN outside a test's transaction)
    "UPDATE",  # the case's revision raised, and the item's position read with it
    'INSERT INTO "cases_timelineitem"',
    'INSERT INTO "cases_costline"',
    'INSERT INTO "history_changerecord"',
    "RELEASE SAVEPOINT",  # (COMMIT)
]


def test_a_save_takes_eleven_statements(client, notulist, evaluation):
    client.force_login(notulist)
    _send(client)  # the session's first request settles it (two-factor decision, CSRF)
    with CaptureQueriesContext(connection) as queries:
        response = _send(client, description="Gesprek met de moeder")
    assert response.status_code == 200
    assert "Opgeslagen: Gesprek met de moeder" in response.content.decode()
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == len(SAVE_STATEMENTS), "\n".join(statements)
    for statement, expected in zip(statements, SAVE_STATEMENTS, strict=True):
        assert expected in statement, (expected, statement)


def test_a_new_item_comes_after_the_last_of_its_werkwijze_and_raises_the_revision_once(
    client, notulist, evaluation
):
    client.force_login(notulist)
    case = evaluation.cases.get(code="1")
    last = {
        code: max([0, *case.items.filter(scenario__code=code).values_list("position", flat=True)])
        for code in ("met", "zonder")
    }
    revision = case.revision
    _send(client, description="Eerste in met")
    _send(client, description="Eerste in zonder", scenario="zonder")
    _send(client, description="Tweede in met")
    positions = dict(case.items.values_list("description", "position"))
    assert positions["Eerste in met"] == last["met"] + 1
    assert positions["Tweede in met"] == last["met"] + 2
    assert positions["Eerste in zonder"] == last["zonder"] + 1
    case.refresh_from_db()
    assert case.revision == revision + 3
