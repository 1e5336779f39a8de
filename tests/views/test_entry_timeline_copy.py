"""Copying a werkwijze's timeline into another, as the start of the counterfactual: first a
preview that writes nothing and lists what overlaps, then the copy, then its undo."""

import re
from datetime import date
from decimal import Decimal

from cases import figures
from cases.models import Case, ItemKind, Scenario, TimelineCopy, TimelineItem
from history.models import ChangeRecord
from history.recorder import in_bin
from pricelist.models import PriceItem
from tests.conftest import CASE_URL, add_item

URL = CASE_URL + "invoer/kopieren/"
CONFIRM = {"bevestigen": "1"}


def _zonder():
    return TimelineItem.objects.filter(case__code="1", scenario__code="zonder")


def test_it_is_not_found_for_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.post(URL, {"source": "met", "target": "zonder"}).status_code == 404


def test_it_refuses_a_beleidsmedewerker(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    assert client.post(URL, {"source": "met", "target": "zonder"}).status_code == 403
    assert _zonder().count() == 1


def test_it_shows_its_form(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.get(URL).content.decode()
    assert '<option value="met" selected>' in html
    assert '<option value="zonder" selected>' in html


def test_it_copies_the_whole_timeline(client, notulist, evaluation):
    revision = Case.objects.get(code="1").revision
    client.force_login(notulist)
    response = client.post(URL, {"source": "met", "target": "zonder", "until": "", **CONFIRM})
    assert response.status_code == 302
    made = TimelineCopy.objects.get()
    assert response["Location"] == CASE_URL + f"invoer/kopieren/{made.pk}/"
    copies = _zonder().exclude(description="GGZ-behandeling").order_by("position")
    assert [c.description for c in copies] == [
        "Melding bij de gemeente",
        "Gesprekken met de klantmanager",
        "Tandartsrekening betaald",
    ]
    assert copies[1].lines.get().to_costing().cost == 1600
    assert made.item_ids == [c.pk for c in copies]
    created = ChangeRecord.objects.filter(action="create", case__code="1")
    assert created.filter(model="cases.TimelineItem").count() == 3
    assert created.filter(model="cases.TimelineCopy").count() == 1
    assert Case.objects.get(code="1").revision == revision + 1


def test_it_copies_up_to_a_date_ending_longer_items_there(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", "until": "15 sep 2016", **CONFIRM})
    copies = _zonder().exclude(description="GGZ-behandeling").order_by("position")
    assert [(c.description, c.start, c.end) for c in copies] == [
        ("Melding bij de gemeente", date(2016, 9, 1), date(2016, 9, 1)),
        ("Gesprekken met de klantmanager", date(2016, 9, 2), date(2016, 9, 15)),
    ]


def test_it_says_how_many_items_it_copied(client, notulist, evaluation):
    client.force_login(notulist)
    data = {"source": "met", "target": "zonder", **CONFIRM}
    one = client.post(URL, data | {"until": "1 sep 2016"}, follow=True).content.decode()
    assert "Kopie van ‘Met interventie’ naar ‘Zonder interventie’ (1 item)" in one
    three = client.post(URL, data | {"until": ""}, follow=True).content.decode()
    assert "Kopie van ‘Met interventie’ naar ‘Zonder interventie’ (3 items)" in three
    assert "Kopie ongedaan maken" in three


def test_it_refuses_the_same_werkwijze_and_a_bad_date(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, {"source": "met", "target": "met", **CONFIRM}).content.decode()
    assert "Kies een andere werkwijze dan die waarvan u kopieert." in html
    data = {"source": "met", "target": "zonder", "until": "morgen", **CONFIRM}
    html = client.post(URL, data).content
    assert "“morgen” is geen datum" in html.decode()
    assert _zonder().count() == 1


def _case():
    return Case.objects.get(code="1")


def _totals(evaluation):
    case_figures = figures.load(evaluation, _case()).of(_case())
    return {code: case_figures.total(code) for code in ("met", "zonder")}


def _state():
    """Everything a preview must leave alone."""
    return (
        list(TimelineItem.objects.order_by("pk").values_list("pk", "version")),
        ChangeRecord.objects.count(),
        TimelineCopy.objects.count(),
        _case().revision,
    )


def _kilometre_advice(evaluation):
    """A benefit "zonder" already has: the klantmanager's hours from October 2016, which
    overlap the copied "Gesprekken met de klantmanager" (2 sep 2016 – 1 mrt 2017)."""
    return add_item(
        _case(),
        Scenario.objects.get(code="zonder"),
        ItemKind.SUPPORT,
        date(2016, 10, 1),
        date(2016, 12, 31),
        "Klantmanager zonder aanpak",
        [{"price_item": PriceItem.objects.get(code="KM"), "quantity": Decimal(5)}],
    )  # 80 × 5 = 400,00


def test_the_preview_writes_nothing_and_lists_what_would_be_copied(client, notulist, evaluation):
    before = _state()
    client.force_login(notulist)
    response = client.post(URL, {"source": "met", "target": "zonder", "until": "15 sep 2016"})
    assert response.status_code == 200
    assert _state() == before
    html = response.content.decode()
    assert "Voorbeeld: 2 items van ‘Met interventie’ naar ‘Zonder interventie’" in html
    assert "Er is nog niets gekopieerd." in html
    assert "Gebeurtenis: Melding bij de gemeente" in html
    # The copy's own period, cut at "tot en met", and its cost as the engine gives it.
    assert "2 sep 2016 – 15 sep 2016" in html
    assert "(was tot 1 mrt 2017)" in html
    assert "€ 1.600,00" in html
    assert 'Samen, alles gekopieerd</th><td class="num">€ 1.600,00</td>' in html
    assert 'name="bevestigen"' in html
    assert 'value="15 sep 2016"' in html
    assert "Overlapt:" not in html
    assert "overlapt met" not in html


def test_the_preview_lists_what_the_target_already_has(client, notulist, evaluation):
    _kilometre_advice(evaluation)
    before = _state()
    client.force_login(notulist)
    html = client.post(URL, {"source": "met", "target": "zonder"}).content.decode()
    assert _state() == before
    assert "1 van deze items overlapt met wat ‘Zonder interventie’ al heeft" in html
    assert (
        "<strong>Overlapt:</strong> Klantmanager zonder aanpak, 1 okt 2016 – 31 dec 2016, € 400,00"
    ) in html
    assert 'name="skip_overlaps" id="id_skip_overlaps" checked' in html
    # The same price item in a period without a shared day is no overlap.
    TimelineItem.objects.filter(description="Klantmanager zonder aanpak").update(
        start=date(2017, 3, 2), end=date(2017, 4, 1)
    )
    html = client.post(URL, {"source": "met", "target": "zonder"}).content.decode()
    assert "Overlapt:" not in html


def test_a_second_copy_of_the_same_items_overlaps_the_first(client, notulist, evaluation):
    """Fixed amounts have no price item to compare; an item of the same description in a
    period sharing a day is the same item copied again."""
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    html = client.post(URL, {"source": "met", "target": "zonder"}).content.decode()
    assert "3 van deze items overlappen met wat ‘Zonder interventie’ al heeft" in html
    assert "<strong>Overlapt:</strong> Tandartsrekening betaald, 1 okt 2016, € 436,70" in html
    assert "<strong>Overlapt:</strong> Melding bij de gemeente, 1 sep 2016</td>" in html
    client.post(URL, {"source": "met", "target": "zonder", "skip_overlaps": "on", **CONFIRM})
    second = TimelineCopy.objects.order_by("pk").last()
    assert (second.item_ids, second.skipped) == ([], 3)


def test_the_preview_says_when_there_is_nothing_to_copy(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, {"source": "met", "target": "zonder", "until": "1 aug 2016"})
    html = html.content.decode()
    assert "geen items om te kopiëren" in html
    assert 'name="bevestigen"' not in html


def test_it_skips_the_overlapping_items_when_asked(client, notulist, evaluation):
    _kilometre_advice(evaluation)
    client.force_login(notulist)
    data = {"source": "met", "target": "zonder", "skip_overlaps": "on", **CONFIRM}
    client.post(URL, data)
    copies = TimelineItem.objects.filter(pk__in=TimelineCopy.objects.get().item_ids)
    assert sorted(c.description for c in copies) == [
        "Melding bij de gemeente",
        "Tandartsrekening betaald",
    ]
    assert TimelineCopy.objects.get().skipped == 1


def test_it_copies_the_overlapping_items_too_when_told(client, notulist, evaluation):
    _kilometre_advice(evaluation)
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    assert len(TimelineCopy.objects.get().item_ids) == 3
    assert TimelineCopy.objects.get().skipped == 0


def test_undo_removes_exactly_the_copied_items_and_the_figures_come_back(
    client, notulist, evaluation
):
    own = _kilometre_advice(evaluation)
    totals = _totals(evaluation)
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    made = TimelineCopy.objects.get()
    assert _totals(evaluation)["zonder"] == totals["zonder"] + Decimal("2036.70")
    # Typed after the copy, in the same werkwijze: not the copy's, so it stays.
    later = add_item(
        _case(),
        Scenario.objects.get(code="zonder"),
        ItemKind.EVENT,
        date(2017, 1, 1),
        date(2017, 1, 1),
        "Later ingevoerd",
    )
    # A copied item edited since is still the copy's.
    TimelineItem.objects.filter(pk=made.item_ids[0]).update(description="Gewijzigde melding")
    revision = _case().revision

    response = client.post(CASE_URL + f"invoer/kopieren/{made.pk}/ongedaan-maken/")
    assert response.status_code == 302
    assert response["Location"] == CASE_URL + "invoer/"
    assert not TimelineItem.objects.filter(pk__in=made.item_ids).exists()
    zonder = set(_case().items.filter(scenario__code="zonder").values_list("pk", flat=True))
    assert zonder == {
        own.pk,
        later.pk,
        *_zonder().filter(description="GGZ-behandeling").values_list("pk", flat=True),
    }
    later.delete()
    assert _totals(evaluation) == totals
    assert _case().revision == revision + 1
    made.refresh_from_db()
    assert made.undone_at is not None
    # Each removed item is a deletion in the history, restorable from the bin.
    deleted = in_bin("cases.TimelineItem", case=_case())
    assert sorted(int(r.object_id) for r in deleted) == sorted(made.item_ids)
    assert ChangeRecord.objects.get(model="cases.TimelineCopy", action="update").after["undone_at"]


def test_undo_says_how_many_items_it_removed(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    made = TimelineCopy.objects.get()
    html = client.post(CASE_URL + f"invoer/kopieren/{made.pk}/ongedaan-maken/", follow=True)
    assert (
        "Kopie ongedaan gemaakt: 3 items uit ‘Zonder interventie’ verwijderd."
        in html.content.decode()
    )


def test_a_copy_is_undone_once(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    made = TimelineCopy.objects.get()
    undo = CASE_URL + f"invoer/kopieren/{made.pk}/ongedaan-maken/"
    client.post(undo)
    records = ChangeRecord.objects.count()
    html = client.post(undo, follow=True).content.decode()
    assert "Deze kopie is al ongedaan gemaakt." in html
    assert ChangeRecord.objects.count() == records
    assert "Kopie ongedaan maken</button>" not in html


def test_the_entry_screen_points_at_the_last_copy_until_it_is_undone(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    made = TimelineCopy.objects.get()
    html = client.get(CASE_URL + "invoer/").content.decode()
    assert "Laatste kopie: Kopie van ‘Met interventie’ naar ‘Zonder interventie’ (3 items)" in html
    assert f'href="{CASE_URL}invoer/kopieren/{made.pk}/"' in html
    client.post(CASE_URL + f"invoer/kopieren/{made.pk}/ongedaan-maken/")
    assert "Laatste kopie" not in client.get(CASE_URL + "invoer/").content.decode()


def test_a_copy_of_another_case_is_not_found(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    made = TimelineCopy.objects.get()
    other = "/evaluaties/village-deal-test/casussen/2/"
    assert client.get(other + f"invoer/kopieren/{made.pk}/").status_code == 404
    assert client.post(other + f"invoer/kopieren/{made.pk}/ongedaan-maken/").status_code == 404
    assert TimelineCopy.objects.get().undone_at is None


def test_the_copy_page_lists_what_is_left_of_the_copy(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    made = TimelineCopy.objects.get()
    TimelineItem.objects.filter(pk=made.item_ids[0]).delete()
    html = client.get(CASE_URL + f"invoer/kopieren/{made.pk}/").content.decode()
    assert "3 items gekopieerd; 2 daarvan zijn er nog" in html
    assert "Gesprekken met de klantmanager</th><td>2 sep 2016 – 1 mrt 2017</td>" in html
    assert "Melding bij de gemeente" not in html
    assert "Kopie ongedaan maken</button>" in html


def test_the_case_history_tells_of_the_copy_and_its_undo(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", **CONFIRM})
    made = TimelineCopy.objects.get()
    client.post(CASE_URL + f"invoer/kopieren/{made.pk}/ongedaan-maken/")
    html = client.get(CASE_URL + "geschiedenis/").content.decode()
    copy = "Kopie van ‘Met interventie’ naar ‘Zonder interventie’ (3 items)</strong>"
    assert f"{copy} aangemaakt" in html
    assert f"{copy} gewijzigd" in html
    assert '<th scope="row">Naar werkwijze</th><td>—</td><td>Zonder interventie</td>' in html
    assert re.search(
        r'<th scope="row">Ongedaan gemaakt op</th><td>—</td><td>\d+ \w+ \d{4} \d\d:\d\d</td>', html
    )
    ids = ", ".join(f"nr. {pk}" for pk in made.item_ids)
    assert f'<th scope="row">Gekopieerde items</th><td>—</td><td>{ids}</td>' in html
    assert html.count("</strong> verwijderd") == 3
