from decimal import Decimal

from django.urls import reverse

from history.models import ChangeRecord


def _url(evaluation):
    return reverse("cases:margins", args=[evaluation.slug])


DATA = {
    "margin_hard": "5",
    "margin_onderbouwd": "20",
    "margin_aanname": "50,5",
    "horizon_years": "3",
    "discount_rate": "2,25",
    "deadweight": "10",
    "attribution": "0",
}


def test_it_shows_the_margins_to_a_member(client, member, evaluation):
    client.force_login(member)
    html = client.get(_url(evaluation)).content.decode()
    assert "± 40 %" in html and "<form" not in html.split("<main")[1]


def test_it_lets_the_chair_set_the_margins(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(_url(evaluation), DATA)
    assert response["Location"] == evaluation.get_absolute_url()
    evaluation.refresh_from_db()
    assert evaluation.margins.items() == [
        ("hard", Decimal("5")),
        ("onderbouwd", Decimal("20")),
        ("aanname", Decimal("50.5")),
    ]
    assert (evaluation.horizon_years, evaluation.deadweight) == (3, Decimal("10"))
    record = ChangeRecord.objects.get(model="cases.Evaluation")
    assert (record.before["margin_aanname"], record.after["margin_aanname"]) == ("40.00", "50.5")


def test_it_refuses_a_projection_beyond_ten_years_in_dutch(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(_url(evaluation), DATA | {"horizon_years": "11"})
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde hoogstens 10 is." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.horizon_years == 0


def test_it_forbids_others_to_change_them(client, notulist, evaluation):
    client.force_login(notulist)
    assert client.post(_url(evaluation), DATA).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.margin_aanname == Decimal("40")


def test_it_re_renders_a_margin_over_100_with_200(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(_url(evaluation), {**DATA, "margin_aanname": "120"})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
