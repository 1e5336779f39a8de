"""``{{ report.outcomes|outcomes_of:row.case }}``: a case's outcome scores in a report."""

from django import template

register = template.Library()


@register.filter
def outcomes_of(found, case):
    return found.of(case) if found else None
