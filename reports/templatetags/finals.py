"""``{% final_reports evaluation may_chair %}``: the evaluation's final report versions, for
the evaluation page, which the cases app renders and which may not import the reports app."""

from django import template

from reports.finals import listed

register = template.Library()


@register.inclusion_tag("reports/_finals.html")
def final_reports(evaluation, may_chair=False):
    return {"evaluation": evaluation, "finals": listed(evaluation), "may_chair": may_chair}
