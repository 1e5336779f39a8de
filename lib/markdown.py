"""Narrative text (Markdown) rendered safely, for the HTML page and the PDF alike.

What a user typed as HTML is shown as the text they typed: the input is escaped before
Markdown sees it, so ``<script>`` or ``<b>`` come out literally and only Markdown's own syntax
becomes markup. nh3 then cleans the result against a short allow-list, as a second line of
defence should the Markdown library ever emit something unexpected. Images are not allowed:
the PDF renderer must never be asked to fetch anything a user named.
"""

from html import escape

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    if not text or not text.strip():
        return SafeString("")
    html = markdown_lib.markdown(escape(text, quote=False), output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # Escaped before Markdown ran and cleaned by nh3 after: safe to trust as markup.
    return mark_safe(cleaned)  # nosec B308 B703
