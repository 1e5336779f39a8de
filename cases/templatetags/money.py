"""Dutch number formats as template filters; the formats themselves are :mod:`lib.dutch`'s."""

from django import template

from lib import dutch

register = template.Library()

register.filter("euro", dutch.euro)
register.filter("euro_cents", dutch.euro_cents)
register.filter("amount", dutch.amount)
register.filter("number", dutch.number)
register.filter("dutch_date", dutch.dutch_date)
register.filter("date_range", dutch.date_range)
