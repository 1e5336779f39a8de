"""``{{ text|markdown }}``: narrative text as the report shows it (see :mod:`lib.markdown`),
for the pages that show the same chapters."""

from django import template

from lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)
