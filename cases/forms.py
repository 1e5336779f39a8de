"""Forms of the session: a timeline item with its cost lines, copying a timeline, and the
session record.

Dates and numbers are read by :mod:`lib.dutch`, so that "1 sep 2016" and "76,50" work;
what the user typed stays in the form when something is refused. Forms only read and check
input; :mod:`cases.timeline` changes the case.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial, reduce
from operator import or_

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict

from accounts.models import CHAIRS
from cases import rules
from cases.models import CostLine, Frequency, ItemKind, TimelineItem
from lib import dutch
from lib.costing import QUANTITY_PLACES
from lib.dutch import dutch_date
from lib.forms import DutchDecimalField, Hours, QuantityField, dutch_number
from lib.privacy import find_personal_data, warning
from pricelist.models import Hardness, Unresolved

MAX_LINES = 8


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="Soort", choices=ItemKind.choices)
    scenario = forms.ChoiceField(label="Werkwijze")
    start = forms.CharField(
        label="Start", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    end = forms.CharField(
        label="Eind",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label="Omschrijving", max_length=2000, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    is_intervention = forms.BooleanField(label="Interventie", required=False)
    not_personal = forms.BooleanField(label="Dit zijn geen persoonsgegevens", required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, scenarios, role, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenarios = {s.code: s for s in scenarios}
        self.fields["scenario"].choices = [(s.code, s.name) for s in scenarios]
        # Only the chair may overrule the privacy guard.
        self.may_confirm = role in CHAIRS
        if not self.may_confirm:
            del self.fields["not_personal"]

    def clean(self):
        data = super().clean()
        if "start" in data:
            start_ok = self._readable_date("start", data["start"])
            # The end is read on its own too, so that both wrong dates show at once.
            end_ok = not data.get("end") or self._readable_date("end", data["end"])
            if start_ok and end_ok:
                data["start"], data["end"] = dutch.parse_period(data["start"], data["end"])
                if problem := rules.period_problem(data["start"], data["end"]):
                    self.add_error("end", rules.sentence(problem))
        findings = find_personal_data(data.get("description", ""))
        if findings and not data.get("not_personal"):
            self.add_error("description", warning(findings))
        return data

    def _readable_date(self, name: str, text: str) -> bool:
        try:
            dutch.parse_date_range(text)
        except dutch.EntryError as error:
            self.add_error(name, str(error))
            return False
        return True

    def item_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "scenario": self.scenarios[data["scenario"]],
            "kind": data["kind"],
            "start": data["start"],
            "end": data["end"],
            "description": data["description"],
            "is_intervention": data["is_intervention"],
        }


class LineForm(forms.Form):
    price_item = forms.CharField(
        label="Prijsitem",
        required=False,
        max_length=350,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # For a price item by the hour, also a duration: "2,5 uur", "2:30", "150 min".
    quantity = QuantityField(
        label="Aantal", max_digits=18, decimal_places=QUANTITY_PLACES, min_value=0
    )
    persons = DutchDecimalField(
        label="Personen", max_digits=14, decimal_places=QUANTITY_PLACES, min_value=0
    )
    times = DutchDecimalField(
        label="Keer", max_digits=16, decimal_places=QUANTITY_PLACES, min_value=0
    )
    # Labels that start with their own letter, so that typing "w" in the list picks week.
    frequency = forms.ChoiceField(
        label="Frequentie (per)",
        choices=[("", "geen")] + [(f.value, f.value) for f in Frequency if f.value],
        required=False,
    )
    rate_override = DutchDecimalField(label="Tarief", max_digits=12, decimal_places=2, min_value=0)
    fixed_amount = DutchDecimalField(
        label="Vast bedrag", max_digits=14, decimal_places=2, max_value=Decimal(10) ** 11
    )
    financier = forms.ChoiceField(label="Financier", required=False)
    # How firm the amount is; empty follows the rule (a priced line takes its price item's
    # hardness, a fixed amount counts as aanname: lib.firmness).
    hardness = forms.ChoiceField(
        label="Hardheid",
        required=False,
        choices=[("", "volgens regel"), *Hardness.choices],
    )
    # Last, so that typing a line from Prijsitem to Financier takes the same keys as before.
    one_off = forms.BooleanField(label="Eenmalige betaling (op de eerste dag)", required=False)
    # A lump sum for several financiers together: reports show it as "niet verdeeld".
    undivided = forms.BooleanField(
        label="Niet verdeeld (één bedrag voor meerdere financiers)", required=False
    )

    def __init__(self, price_items: dict, financiers: dict, search_url: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.price_items = price_items
        # Suggestions while typing, as an accessible combobox (static/js/combobox.js asks
        # the search for its options). Without JavaScript a code or name is typed as text.
        self.fields["price_item"].widget.attrs.update({"data-combobox": search_url})
        self.financiers = financiers
        # A callable, so that the financiers are only read when a line names one or the row
        # is shown, not for every save.
        self.fields["financier"].choices = partial(_financier_choices, financiers)

    def is_blank(self) -> bool:
        return self.is_bound and not any(
            (self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields
        )

    def clean_price_item(self):
        text = self.cleaned_data["price_item"].strip()
        if not text:
            return None
        found = self.price_items.get(price_code(text).upper())
        if found is None:  # not looked up: a form built without data
            found = Unresolved([], suggestions_only=False)
        if isinstance(found, Unresolved):
            raise forms.ValidationError(found.message(text))
        return found

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("price_item") is None and data.get("fixed_amount") is None:
            self.add_error("price_item", "Kies een prijsitem of vul een vast bedrag in.")
        if problem := rules.one_off_problem(data.get("one_off"), data.get("frequency")):
            self.add_error("one_off", rules.sentence(problem))
        price_item = data.get("price_item")
        if isinstance(data.get("quantity"), Hours) and price_item and price_item.unit != "uur":
            self.add_error(
                "quantity",
                f"Dit is een duur, maar {price_item.name} telt per {price_item.unit}. "
                "Vul een aantal in.",
            )
        return data

    def line_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "price_item": data["price_item"],
            "quantity": data["quantity"] if data["quantity"] is not None else Decimal(1),
            "persons": data["persons"] if data["persons"] is not None else Decimal(1),
            "times": data["times"] if data["times"] is not None else Decimal(1),
            "frequency": data["frequency"],
            "rate_override": data["rate_override"],
            "fixed_amount": data["fixed_amount"],
            "financier": self.financiers[data["financier"]] if data["financier"] else None,
            "hardness": data["hardness"],
            "one_off": data["one_off"],
            "undivided": data["undivided"],
        }


def _financier_choices(financiers: dict) -> list[tuple[str, str]]:
    return [("", "volgens prijsitem")] + [
        (code, financier.name) for code, financier in financiers.items()
    ]


def price_code(text: str) -> str:
    """The code of "KM – Klantmanager" as a suggestion fills it in, or of a typed code."""
    return text.split("–")[0].strip()


def line_initial(line: CostLine) -> dict:
    return {
        "price_item": line.price_item.code if line.price_item_id else "",
        "quantity": dutch_number(line.quantity),
        "persons": dutch_number(line.persons),
        "times": dutch_number(line.times),
        "frequency": line.frequency,
        "rate_override": dutch_number(line.rate_override),
        "fixed_amount": dutch_number(line.fixed_amount),
        "financier": line.financier.code if line.financier_id else "",
        "hardness": line.hardness,
        "one_off": line.one_off,
        "undivided": line.undivided,
    }


def item_initial(item: TimelineItem) -> dict:
    return {
        "kind": item.kind,
        "scenario": item.scenario.code,
        "start": dutch_date(item.start),
        "end": "" if item.end == item.start else dutch_date(item.end),
        "description": item.description,
        "is_intervention": item.is_intervention,
        "version": item.version,
    }


class EntryForm:
    """One timeline item with its cost lines: the quick-entry row and the inline edit form.

    ``data`` is the POST (or None for an empty form); the number of line rows comes from its
    ``regels`` field, plus one when "Kostenregel toevoegen" was pressed.
    """

    def __init__(
        self,
        evaluation,
        scenarios,
        financiers,
        role,
        search_url,
        data=None,
        item=None,
        prefix="",
        initial=None,
    ):
        self.prefix = prefix
        self.item = item
        self.data = data
        self.financiers = financiers
        initial = item_initial(item) if item else (initial or {})
        if data is None and item is None:
            count = 1
        elif data is None:
            count = max(1, len(item.lines.all()))
        else:
            count = _line_count(data.get(f"{prefix}regels"), bool(data.get("regel_toevoegen")))
        self.line_count = count
        self.item_form = ItemForm(
            scenarios, role, data, initial=initial, prefix=prefix.rstrip("-") or None
        )
        price_items = _price_items(evaluation, data, prefix, count) if data else {}
        line_initials = [line_initial(line) for line in item.lines.all()] if item else []
        self.line_forms = [
            LineForm(
                price_items,
                financiers,
                search_url,
                data,
                prefix=f"{prefix}regel{n}",
                initial=line_initials[n] if n < len(line_initials) else None,
            )
            for n in range(count)
        ]
        if self.adding_line:
            # Only a new row was asked for: show what was typed without judging it yet, and
            # let the typing go on in the new row.
            for form in (self.item_form, *self.line_forms):
                form._errors = ErrorDict()
                form.cleaned_data = {}
            self.line_forms[-1].fields["price_item"].widget.attrs["data-focus"] = ""

    @property
    def adding_line(self) -> bool:
        return bool(self.data and self.data.get("regel_toevoegen"))

    def is_valid(self) -> bool:
        if self.adding_line:
            return False
        for form in self.line_forms:
            if form.is_blank():  # an empty row is no line: nothing to say about it
                form._errors = ErrorDict()
                form.cleaned_data = {}
        item_valid = self.item_form.is_valid()
        lines_valid = all(form.is_valid() for form in self.filled_lines())
        if item_valid:
            kind = self.item_form.cleaned_data["kind"]
            if problem := rules.costs_problem(kind, bool(self.filled_lines())):
                if kind == ItemKind.EVENT:
                    self.item_form.add_error("kind", rules.sentence(problem))
                else:
                    self.line_forms[0].add_error("price_item", rules.sentence(problem))
                return False
        return item_valid and lines_valid

    def filled_lines(self) -> list[LineForm]:
        return [form for form in self.line_forms if not form.is_blank()]

    def item_fields(self) -> dict:
        return self.item_form.item_fields()

    def lines(self) -> list[dict]:
        return [form.line_fields() for form in self.filled_lines()]

    @property
    def version(self) -> int | None:
        return self.item_form.cleaned_data.get("version")

    def previews(self) -> list[str]:
        """Per line row: the costing engine's calculation ("2 uur × … = € …"), or "" while
        the row is incomplete or wrong."""
        if not self.item_form.is_valid():
            return [""] * len(self.line_forms)
        fields = self.item_form.item_fields()
        item = TimelineItem(**fields)
        result = []
        for form in self.line_forms:
            if form.is_blank() or not form.is_valid():
                result.append("")
                continue
            result.append(dutch.calculation(CostLine(item=item, **form.line_fields()).to_costing()))
        return result

    def warnings(self) -> list[str]:
        """Per line row: what the notulist should look at again although it may be saved
        (:func:`cases.rules.one_day_frequency_warning`), or "" when nothing."""
        if not self.item_form.is_valid():
            return [""] * len(self.line_forms)
        start, end = self.item_form.cleaned_data["start"], self.item_form.cleaned_data["end"]
        return [
            ""
            if form.is_blank() or not form.is_valid()
            else rules.one_day_frequency_warning(
                start,
                end,
                form.cleaned_data["frequency"],
                form.cleaned_data["fixed_amount"] is not None,
            )
            or ""
            for form in self.line_forms
        ]


def _line_count(value, add: bool) -> int:
    try:
        count = int(value or 1)
    except ValueError:
        count = 1
    return max(1, min(MAX_LINES, count + (1 if add else 0)))


def _price_items(evaluation, data, prefix: str, count: int) -> dict:
    """What the line rows name, by the typed code or name in upper case: a price item, or
    :class:`Unresolved` with the candidates. Codes (what a chosen suggestion fills in) are
    found in one query; a typed name is resolved by the price search."""
    typed = {
        price_code(data.get(f"{prefix}regel{n}-price_item", "")).upper() for n in range(count)
    } - {""}
    if not typed:
        return {}
    match = reduce(or_, (Q(code__iexact=code) for code in typed))
    items = evaluation.price_list.items
    found = {item.code.upper(): item for item in items.select_related("financier").filter(match)}
    for text in typed - found.keys():
        found[text] = items.resolve(text)
    return found


class CopyForm(forms.Form):
    source = forms.ChoiceField(label="Van werkwijze")
    target = forms.ChoiceField(label="Naar werkwijze")
    until = forms.CharField(
        label="Tot en met (leeg: de hele tijdlijn)",
        required=False,
        max_length=40,
        help_text="Items die na deze datum doorlopen, eindigen in de kopie op deze datum.",
    )
    # Asked on the preview, and only when something overlaps.
    skip_overlaps = forms.BooleanField(
        label="Overlappende items overslaan", required=False, widget=forms.HiddenInput
    )

    def __init__(self, scenarios, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenarios = {s.code: s for s in scenarios}
        choices = [(s.code, s.name) for s in scenarios]
        self.fields["source"].choices = choices
        self.fields["target"].choices = choices
        # Usually: from the course with the intervention to the reference without it.
        reference = next((s for s in scenarios if s.is_reference), None)
        others = [s for s in scenarios if s is not reference]
        if reference and others:
            self.fields["source"].initial = others[0].code
            self.fields["target"].initial = reference.code

    def clean_until(self):
        text = self.cleaned_data["until"]
        if not text.strip():
            return None
        try:
            return dutch.parse_date_range(text)[1]
        except dutch.EntryError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            self.add_error("target", "Kies een andere werkwijze dan die waarvan u kopieert.")
        return data


class SessionRecordForm(forms.Form):
    session_date = forms.CharField(label="Datum van de sessie", required=False, max_length=40)
    # A duration as it is said in the room ("2,5 uur", "2:30", "150 min"), stored in minutes;
    # a plain number was and stays minutes.
    session_minutes = forms.CharField(
        label="Duur",
        required=False,
        max_length=40,
        help_text="Bijvoorbeeld 2,5 uur, 2:30 of 150 min.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    participant_count = forms.IntegerField(
        label="Aantal deelnemers",
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            "invalid": "Vul een heel aantal in.",
            "min_value": "Het aantal kan niet negatief zijn.",
            "max_value": "Dat zijn te veel deelnemers.",
        },
    )
    participants = forms.CharField(
        label="Deelnemers per rol",
        required=False,
        max_length=2000,
        help_text=(
            "Rollen, geen namen: bijvoorbeeld 2 klantmanagers, 1 wijkverpleegkundige, de cliënt."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    disciplines_present = forms.CharField(
        label="Aanwezige disciplines",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_session_date(self):
        text = self.cleaned_data["session_date"]
        if not text.strip():
            return None
        try:
            first, last = dutch.parse_date_range(text)
        except dutch.EntryError as error:
            raise forms.ValidationError(str(error)) from error
        if first != last:
            raise forms.ValidationError("Vul een dag in, bijvoorbeeld 12 jun 2018.")
        return first

    def clean_session_minutes(self):
        text = self.cleaned_data["session_minutes"]
        if not text.strip():
            return None
        try:
            minutes = dutch.parse_minutes(text)
        except dutch.EntryError as error:
            raise forms.ValidationError(str(error)) from error
        if minutes > 24 * 60:
            raise forms.ValidationError(
                f"{dutch.duration(minutes)} is langer dan een dag; een sessie duurt hoogstens "
                "24 uur."
            )
        return minutes

    def clean_disciplines_present(self):
        text = self.cleaned_data["disciplines_present"]
        if findings := find_personal_data(text):
            raise forms.ValidationError(warning(findings))
        return text

    def clean_participants(self):
        text = self.cleaned_data["participants"]
        if findings := find_personal_data(text):
            raise forms.ValidationError(warning(findings))
        return text


def session_initial(case) -> dict:
    return {
        "session_date": dutch_date(case.session_date),
        "session_minutes": dutch.duration(case.session_minutes),
        "participant_count": case.participant_count,
        "participants": case.participants,
        "disciplines_present": case.disciplines_present,
    }


class GuardedForm(forms.ModelForm):
    """A model form whose free-text fields pass the privacy guard."""

    not_personal = forms.BooleanField(
        label="Wat hierboven gemeld is, zijn geen persoonsgegevens",
        required=False,
        help_text="Vink dit alleen aan als u zeker weet dat de gevonden tekst niemand aanwijst.",
    )

    def clean(self):
        data = super().clean()
        if data.get("not_personal"):
            return data
        for name, value in list(data.items()):
            findings = find_personal_data(value) if isinstance(value, str) else []
            if findings:
                self.add_error(name, warning(findings))
        return data


class CaseFormBase(GuardedForm):
    """A case's details, as it is added and as it is edited: free text through the privacy
    guard, and a period that does not end before it starts."""

    def clean(self):
        data = super().clean()
        if problem := rules.period_problem(data.get("start_date"), data.get("end_date")):
            self.add_error("end_date", rules.sentence(problem))
        return data
