"""Form fields that read input the Dutch way, with :mod:`lib.dutch`'s parsers: Django's forms
only, no models, so that every app's forms can use them."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms

from lib import dutch


class DutchDecimalField(forms.CharField):
    """A decimal typed the Dutch way ("1.234,56"), within the bounds of its model field."""

    def __init__(self, *, max_digits, decimal_places, min_value=None, max_value=None, **kwargs):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            amount = dutch.parse_decimal(value)
        except dutch.EntryError as error:
            raise forms.ValidationError(str(error)) from error
        if -amount.as_tuple().exponent > self.decimal_places:
            raise forms.ValidationError(
                f"Gebruik hoogstens {self.decimal_places} cijfers achter de komma."
            )
        if self.min_value is not None and amount < self.min_value:
            raise forms.ValidationError("Dit getal mag niet negatief zijn.")
        limit = self.max_value or Decimal(10) ** (self.max_digits - self.decimal_places)
        if abs(amount) >= limit:
            raise forms.ValidationError("Dit getal is te groot.")
        return amount

    def prepare_value(self, value):
        # A stored amount is shown the way it is typed: "19,46", not "19.46".
        return dutch_number(value) if isinstance(value, Decimal) else value


_DURATION = re.compile(r"\d\s*(:|u|h|m)")


class Hours(Decimal):
    """A number of hours that was typed as a duration ("2:30", "150 min"), so that the form
    can check that its line counts in hours."""


class QuantityField(DutchDecimalField):
    """A quantity: a Dutch number, or a duration ("2,5 uur", "2:30", "150 min") read as
    hours — for a line whose unit is the hour; the form checks the unit."""

    def to_python(self, value):
        text = (value or "").strip().lower()
        # A digit followed by ":" or an hour or minute word; anything else is read (and
        # refused) as a number, as before.
        if not _DURATION.search(text):
            return super().to_python(value)
        try:
            minutes = dutch.parse_minutes(text)
        except dutch.EntryError as error:
            raise forms.ValidationError(str(error)) from error
        places = Decimal(1).scaleb(-self.decimal_places)
        return Hours((Decimal(minutes) / 60).quantize(places, rounding=ROUND_HALF_UP))


def dutch_number(value) -> str:
    """A stored number as it is typed ("19,46"); empty for none."""
    return "" if value is None else dutch.number(value)
