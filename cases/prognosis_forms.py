"""Forms of the prognose: the Leeuwarden screen's quick rows, and the decision.

A quick row is one support item with one cost line: a price item by code or name (the
combobox of the entry screen), a quantity, a frequency, a period (empty: the case's whole
period), optionally a fixed amount instead of a price item, the intervention flag and a
description (empty: the price item's name). It reuses the entry row's :class:`LineForm`, so
that a price item, a number or a duration is read and refused exactly as there.
"""

from __future__ import annotations

from datetime import date

from django import forms

from cases import rules
from cases.forms import GuardedForm, LineForm, _price_items
from cases.models import Case, CostLine, ItemKind, Scenario, TimelineItem
from lib import dutch
from lib.forms import DutchDecimalField
from lib.privacy import find_personal_data, warning

ROWS = 4  # empty rows per werkwijze on a fresh screen
MAX_ROWS = 12


class QuickRowForm(LineForm):
    """One row of a werkwijze on the Leeuwarden screen. Only the fields in :data:`SHOWN` are
    on the screen; the others of :class:`LineForm` stay at their defaults."""

    SHOWN = ("price_item", "quantity", "frequency", "start", "end", "fixed_amount")

    start = forms.CharField(label="Van", max_length=40, required=False)
    end = forms.CharField(label="Tot en met", max_length=40, required=False)
    description = forms.CharField(label="Omschrijving", max_length=2000, required=False)
    is_intervention = forms.BooleanField(label="Interventie", required=False)

    def __init__(self, *args, period: tuple[date, date] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["price_item"].widget.attrs["autocomplete"] = "off"
        for name in ("start", "end", "description"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def shown(self):
        return [self[name] for name in self.SHOWN]

    def clean(self):
        data = super().clean()
        if findings := find_personal_data(data.get("description", "")):
            self.add_error("description", warning(findings))
        start, end = (data.get("start") or "").strip(), (data.get("end") or "").strip()
        if not start and not end:
            if self.period:
                data["start"], data["end"] = self.period
            else:
                self.add_error("start", "Vul een startdatum in, of eerst de periode van de casus.")
            return data
        if not start:
            self.add_error("start", "Vul ook de startdatum in, of laat beide leeg.")
            return data
        try:
            data["start"], data["end"] = dutch.parse_period(start, end)
        except dutch.EntryError as error:
            self.add_error("end" if end and _readable(start) else "start", str(error))
            return data
        if problem := rules.period_problem(data["start"], data["end"]):
            self.add_error("end", rules.sentence(problem))
        return data

    def planned(self, scenario: Scenario) -> tuple[TimelineItem, list[CostLine]]:
        """The item and its line as they will be saved (unsaved)."""
        data = self.cleaned_data
        price_item = data["price_item"]
        description = data["description"].strip() or (
            price_item.name if price_item else "Vast bedrag"
        )
        item = TimelineItem(
            scenario=scenario,
            kind=ItemKind.SUPPORT,
            start=data["start"],
            end=data["end"],
            description=description,
            is_intervention=data["is_intervention"],
        )
        return item, [CostLine(item=item, **self.line_fields())]


def _readable(text: str) -> bool:
    try:
        dutch.parse_date_range(text)
    except dutch.EntryError:
        return False
    return True


class QuickForm:
    """All rows of the Leeuwarden screen, per werkwijze; ``more`` is the code of a werkwijze
    that asked for one more row."""

    def __init__(self, evaluation, scenarios, financiers, search_url, data=None, period=None):
        self.scenarios = scenarios
        self.data = data
        more = data.get("meer", "") if data else ""
        self.adding = bool(more)
        self.sections = []
        for scenario in scenarios:
            code = scenario.code
            try:
                count = int(data.get(f"{code}-regels", ROWS)) if data else ROWS
            except ValueError:
                count = ROWS
            count = max(1, min(MAX_ROWS, count + (1 if more == code else 0)))
            found = _price_items(evaluation, data, f"{code}-", count) if data else {}
            rows = [
                QuickRowForm(
                    found,
                    financiers,
                    search_url,
                    data,
                    prefix=f"{code}-regel{n}",
                    period=period,
                )
                for n in range(count)
            ]
            # An empty row is shown as new, not refused: asking a bound form for its errors
            # (as the template does) would check it.
            rows = [
                QuickRowForm(found, financiers, search_url, prefix=row.prefix, period=period)
                if row.is_blank()
                else row
                for row in rows
            ]
            self.sections.append((scenario, rows))

    def filled(self):
        """(werkwijze, row) of every row that is not empty."""
        return [(s, row) for s, rows in self.sections for row in rows if row.is_bound]

    def is_valid(self) -> bool:
        if self.data is None or self.adding:
            return False
        valid = True
        for _scenario, row in self.filled():
            valid = row.is_valid() and valid
        return valid

    def valid_planned(self) -> list[tuple[TimelineItem, list[CostLine]]]:
        """The rows that can be costed now (for the figures while typing)."""
        return [row.planned(s) for s, row in self.filled() if row.is_valid()]

    def planned(self) -> list[tuple[TimelineItem, list[CostLine]]]:
        return [row.planned(s) for s, row in self.filled()]


class DecisionForm(GuardedForm):
    """The decision a prognose was made for; by a role or body, never a person's name."""

    decided_amount = DutchDecimalField(
        label="Besloten bedrag", max_digits=14, decimal_places=2, min_value=0
    )

    class Meta:
        model = Case
        fields = ["decision", "decided_by", "decided_on", "decided_amount"]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "decision": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"decision": "Wat is besloten, bijvoorbeeld ‘Budget van 12 maanden’."}
