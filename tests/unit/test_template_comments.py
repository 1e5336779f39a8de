"""Django's {# … #} comment ends on its own line; one spread over lines shows on the page."""

from django.conf import settings


def test_no_template_spreads_a_short_comment_over_lines():
    spread = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert spread == [], "use {% comment %} for a comment of several lines"


def test_a_page_shows_no_template_syntax(client):
    html = client.get("/inloggen/").content.decode()
    assert "{#" not in html and "{%" not in html
