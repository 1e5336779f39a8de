"""Small helpers shared by the view tests."""

from html.parser import HTMLParser
from urllib.parse import quote


def assert_login_required(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/inloggen/?next={quote(url)}"


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = []  # each: {"caption": str, "rows": [[cell text, …], …]}
        self._text = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td", "caption"):
            self._text = []

    def handle_endtag(self, tag):
        if tag in ("th", "td", "caption") and self._text is not None:
            text = " ".join("".join(self._text).split())
            if tag == "caption":
                self.tables[-1]["caption"] = text
            else:
                self.tables[-1]["rows"][-1].append(text)
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def table_rows(html: str, caption: str) -> list[list[str]]:
    """The text of every cell, row by row, of the table whose caption starts with `caption`."""
    parser = _Tables()
    parser.feed(html)
    for table in parser.tables:
        if table["caption"].startswith(caption):
            return table["rows"]
    raise AssertionError(f"no table with caption {caption!r}")
