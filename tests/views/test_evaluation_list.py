from django.urls import reverse

URL = reverse("cases:evaluation_list")


def test_it_lists_the_evaluations_of_the_members_organisation(client, member, evaluation):
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Village Deal Test" in html
    assert "Gemeente Stein" in html
    assert "1 jul 2018" in html
    assert "Testprijslijst 2024" in html
    assert '<td class="num">2</td>' in html  # two cases


def test_it_hides_evaluations_of_other_organisations(client, outsider, evaluation):
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Village Deal Test" not in response.content.decode()
    assert "Er zijn nog geen evaluaties" in response.content.decode()


def test_it_offers_the_import_form_to_the_effectencalculateur(client, owner):
    client.force_login(owner)
    html = client.get(URL).content.decode()
    assert "Evaluatie importeren" in html
    assert 'enctype="multipart/form-data"' in html
    # One organisation: nothing to choose.
    assert '<select name="organisation"' not in html


def test_it_lets_a_user_with_several_organisations_choose(client, owner, other_organisation):
    other_organisation.memberships.create(user=owner, role="effectencalculateur")
    client.force_login(owner)
    html = client.get(URL).content.decode()
    assert '<select name="organisation"' in html
    assert "Gemeente Elders" in html


def test_it_offers_no_import_to_a_beleidsmedewerker(client, member):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "Evaluatie importeren" not in html
