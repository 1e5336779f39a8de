from io import BytesIO

from openpyxl import load_workbook

URL = "/evaluaties/village-deal-test/werkmap.xlsx"


def test_it_downloads_the_workbook(client, member, evaluation):
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="village-deal-test.xlsx"'
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert {"evaluatie", "werkwijzen", "casussen", "tijdlijn"} <= set(workbook.sheetnames)
