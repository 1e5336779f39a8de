"""``forecast_of``: a case's forecast against realisation from a dict keyed by case id (the
report's ``forecasts``, cases.prognosis.all_comparisons), for the one include line in the
report's case section."""

from django import template

register = template.Library()


@register.filter
def forecast_of(forecasts: dict, case):
    return forecasts.get(case.pk) if forecasts else None
