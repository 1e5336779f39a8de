"""Form fields that read input the Dutch way, with :mod:`lib.dutch`'s parsers: Django's forms
only, no models, so that every app's forms can use them."""

from decimal import Decimal

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


def dutch_number(value) -> str:
    """A stored number as it is typed ("19,46"); empty for none."""
    return "" if value is None else dutch.number(value)
