import zipfile
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Evaluation

URL = reverse("cases:evaluation_import")
STEIN = Path(settings.BASE_DIR) / "cases" / "demo" / "stein"


def stein_zip() -> SimpleUploadedFile:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(STEIN.glob("*.csv")):
            archive.write(path, path.name)
    return SimpleUploadedFile("stein.zip", buffer.getvalue(), content_type="application/zip")


def test_it_is_forbidden_for_a_beleidsmedewerker(client, member):
    client.force_login(member)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"workbook": stein_zip()})
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_it_is_forbidden_for_a_notulist(client, notulist):
    client.force_login(notulist)
    assert client.post(URL, {"workbook": stein_zip()}).status_code == 403


def test_it_imports_a_good_workbook(client, owner, organisation):
    client.force_login(owner)
    response = client.post(URL, {"organisation": organisation.pk, "workbook": stein_zip()})
    evaluation = Evaluation.objects.get()
    assert evaluation.organisation == organisation
    assert response.status_code == 302
    assert response["Location"] == evaluation.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "is geïmporteerd" in page
    assert "€ 88.825" in page  # the Stein report's total verschil


def test_it_shows_the_errors_of_a_bad_workbook(client, owner, organisation):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evaluatie.csv", "veld,waarde\ntitel,Kapot\n")
    upload = SimpleUploadedFile("kapot.zip", buffer.getvalue(), content_type="application/zip")
    client.force_login(owner)
    response = client.post(URL, {"organisation": organisation.pk, "workbook": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "De werkmap is niet geïmporteerd" in html
    assert '<div class="errors" role="alert"' in html
    assert "<ul><li>Blad &quot;werkwijzen&quot; ontbreekt" in html  # the importer's message
    assert 'enctype="multipart/form-data"' in html
    assert not Evaluation.objects.exists()


def test_it_refuses_a_file_of_another_kind(client, owner, organisation):
    upload = SimpleUploadedFile("notities.txt", b"hallo", content_type="text/plain")
    client.force_login(owner)
    response = client.post(URL, {"organisation": organisation.pk, "workbook": upload})
    assert response.status_code == 200
    assert "Kies een .xlsx-bestand of een .zip" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_it_refuses_an_organisation_the_user_does_not_chair(
    client, owner, organisation, other_organisation
):
    client.force_login(owner)
    response = client.post(URL, {"organisation": other_organisation.pk, "workbook": stein_zip()})
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


def test_it_imports_into_the_chosen_organisation(client, owner, organisation, other_organisation):
    other_organisation.memberships.create(user=owner, role="effectencalculateur")
    client.force_login(owner)
    response = client.post(URL, {"organisation": other_organisation.pk, "workbook": stein_zip()})
    assert response.status_code == 302
    assert Evaluation.objects.get().organisation == other_organisation


def test_it_imports_a_downloaded_xlsx_as_a_new_evaluation(client, owner, organisation, evaluation):
    client.force_login(owner)
    download = client.get(reverse("cases:evaluation_export", args=[evaluation.slug]))
    upload = SimpleUploadedFile("werkmap.xlsx", b"".join(download.streaming_content))
    response = client.post(URL, {"organisation": organisation.pk, "workbook": upload})
    assert response.status_code == 302, response.content.decode()[-3000:]
    copy = Evaluation.objects.exclude(pk=evaluation.pk).get()
    assert copy.slug != evaluation.slug
    assert "€ 79.682" in client.get(copy.get_absolute_url()).content.decode()
