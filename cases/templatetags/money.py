"""Dutch number and date formats as template filters; the formats themselves are
:mod:`lib.dutch`'s."""

from django import template
from django.utils import timezone

from lib import dutch

register = template.Library()

register.filter("euro", dutch.euro)
register.filter("euro_cents", dutch.euro_cents)
register.filter("amount", dutch.amount)
register.filter("number", dutch.number)
register.filter("dutch_date", dutch.dutch_date)
register.filter("date_range", dutch.date_range)
register.filter("duration", dutch.duration)


@register.filter
def moment(value) -> str:
    """A moment in the local time zone: 3 sep 2016 14:05."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{dutch.dutch_date(local.date())} {local:%H:%M}"
