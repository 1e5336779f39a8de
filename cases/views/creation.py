"""Starting an evaluation in the app, and adding its cases.

An evaluation can also arrive as a workbook (import); here the effectencalculateur sets one up
by hand: its details, its price list and its werkwijzen, then its cases one by one.

The price list is an existing version (which the evaluation then locks), a copy of one (a
version of its own, to change before the session), or an empty one: with the example list
copied, 42 unrelated items would fill the notulist's search, while items missing during the
session can be added from the entry screen.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import get_organisations
from accounts.models import CHAIRS
from cases.access import get_evaluation
from cases.forms import CaseFormBase
from cases.models import Case, Evaluation
from pricelist.models import PriceList

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SLOTS = ("scenario_1", "scenario_2", "scenario_3")
REFERENCE_CHOICES = [("0", "Werkwijze 1"), ("1", "Werkwijze 2"), ("2", "Werkwijze 3")]
USE, COPY, EMPTY = "gebruiken", "kopie", "leeg"
PRICE_START_CHOICES = [
    (USE, "Een bestaande prijslijst gebruiken (die ligt daarna vast)"),
    (COPY, "Een kopie van een bestaande prijslijst, als eigen versie voor deze evaluatie"),
    (EMPTY, "Een lege prijslijst: prijsitems voegt u toe tijdens de sessie of in de prijslijst"),
]


class EvaluationStartForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Organisatie", queryset=None, empty_label=None)
    title = forms.CharField(label="Titel", max_length=200)
    client = forms.CharField(label="Opdrachtgever", max_length=200, required=False)
    date = forms.DateField(label="Datum", required=False, widget=DATE)
    price_start = forms.ChoiceField(
        label="Prijslijst",
        choices=PRICE_START_CHOICES,
        initial=USE,
        required=False,  # empty: an existing version, as before this choice existed
        widget=forms.RadioSelect,
    )
    price_list = forms.ModelChoiceField(
        label="Bestaande prijslijst (om te gebruiken of te kopiëren)",
        queryset=None,
        empty_label=None,
        required=False,
    )
    price_list_name = forms.CharField(
        label="Naam van de nieuwe prijslijst (bij een kopie of een lege)",
        max_length=200,
        required=False,
        help_text="Leeg: „Prijslijst” met de titel van de evaluatie.",
    )
    scenario_1 = forms.CharField(label="Werkwijze 1", max_length=200, initial="Met interventie")
    scenario_2 = forms.CharField(
        label="Werkwijze 2", max_length=200, required=False, initial="Zonder interventie"
    )
    scenario_3 = forms.CharField(label="Werkwijze 3 (optioneel)", max_length=200, required=False)
    reference = forms.ChoiceField(
        label="Referentie (de werkwijze waartegen het verschil wordt berekend)",
        choices=REFERENCE_CHOICES,
        initial="1",
    )

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        price_lists = PriceList.objects.filter(organisation__in=organisations)
        self.fields["price_list"].queryset = price_lists.select_related("organisation")
        # Offer a version with prices first: one without items leaves only fixed amounts.
        priced = price_lists.filter(items__isnull=False).order_by("-price_year", "name").first()
        if priced:
            self.fields["price_list"].initial = priced.pk
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        names = self.scenario_names()
        # Read before an error below takes a name out of cleaned_data.
        reference_named = bool(data.get(SLOTS[int(data.get("reference") or 0)]))
        if len(set(names)) != len(names):
            self.add_error("scenario_2", "Geef elke werkwijze een eigen naam.")
        if not reference_named:
            self.add_error("reference", "Kies als referentie een werkwijze die een naam heeft.")
        price_list, organisation = data.get("price_list"), data.get("organisation")
        data["price_start"] = data.get("price_start") or USE
        if data["price_start"] == EMPTY:
            data["price_list"] = None  # nothing is taken from a version left selected
        elif price_list is None and "price_list" not in self.errors:
            self.add_error("price_list", "Kies de prijslijst die u wilt gebruiken of kopiëren.")
        elif price_list and organisation and price_list.organisation_id != organisation.pk:
            self.add_error("price_list", "Kies een prijslijst van deze organisatie.")
        name = data.get("price_list_name", "").strip()
        namesakes = PriceList.objects.filter(organisation=organisation, name=name)
        if name and organisation and data["price_start"] != USE and namesakes.exists():
            message = f"Er bestaat al een prijslijst ‘{name}’; kies een andere naam."
            self.add_error("price_list_name", message)
        return data

    def new_price_list_name(self) -> str:
        data = self.cleaned_data
        wanted = data.get("price_list_name", "").strip() or f"Prijslijst {data['title']}"
        return PriceList.free_name(data["organisation"], wanted[:200])

    def _named(self) -> list[str]:
        return [slot for slot in SLOTS if self.cleaned_data.get(slot)]

    def scenario_names(self) -> list[str]:
        """The werkwijzen that have a name, in order; an empty one is skipped."""
        return [self.cleaned_data[slot] for slot in self._named()]

    def reference_index(self) -> int:
        return self._named().index(SLOTS[int(self.cleaned_data["reference"])])


class ScenariosForm(forms.Form):
    """The werkwijzen of an evaluation: a name per slot (empty removes it) and the reference."""

    name_1 = forms.CharField(label="Werkwijze 1", max_length=200, required=False)
    name_2 = forms.CharField(label="Werkwijze 2", max_length=200, required=False)
    name_3 = forms.CharField(label="Werkwijze 3", max_length=200, required=False)
    reference = forms.ChoiceField(label="Referentie", choices=REFERENCE_CHOICES)

    def __init__(self, evaluation, *args, **kwargs):
        self.existing = list(evaluation.scenarios.all())
        initial = {f"name_{n}": s.name for n, s in enumerate(self.existing, start=1)}
        reference = next((n for n, s in enumerate(self.existing) if s.is_reference), 0)
        super().__init__(*args, initial=initial | {"reference": str(reference)}, **kwargs)
        for n, scenario in enumerate(self.existing, start=1):
            self.fields[
                f"name_{n}"
            ].help_text = f"Code “{scenario.code}” blijft; leeg maken verwijdert de werkwijze."

    def names(self) -> list[str]:
        return [self.cleaned_data.get(f"name_{n}", "").strip() for n in (1, 2, 3)]

    def clean(self):
        data = super().clean()
        names = self.names()
        named = [name for name in names if name]
        if not named:
            raise forms.ValidationError("Een evaluatie heeft minstens één werkwijze.")
        if len(set(named)) != len(named):
            raise forms.ValidationError("Geef elke werkwijze een eigen naam.")
        if not names[int(data.get("reference") or 0)]:
            self.add_error("reference", "Kies als referentie een werkwijze die een naam heeft.")
        for n, scenario in enumerate(self.existing):
            if not names[n] and scenario.items.exists():
                self.add_error(
                    f"name_{n + 1}",
                    f"“{scenario.name}” heeft nog tijdlijnitems; verwijder die eerst.",
                )
        return data


class CaseStartForm(CaseFormBase):
    class Meta:
        model = Case
        fields = ["code", "title", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}
        help_texts = {
            "code": "Een nummer of korte code, bijvoorbeeld 6. Gebruik geen namen van cliënten.",
            "title": "Een korte, niet herleidbare titel, zoals ‘Tuin opruimen’.",
        }

    def __init__(self, evaluation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if "/" in code:  # the code is part of the case's web addresses
            raise forms.ValidationError("Een casuscode mag geen “/” bevatten.")
        if self.evaluation.cases.filter(code=code).exists():
            raise forms.ValidationError(f"Er is al een casus met code “{code}”.")
        return code


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_start(request):
    organisations = get_organisations(request.user, CHAIRS)
    form = EvaluationStartForm(organisations, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            evaluation = Evaluation.start(
                request.user,
                data["organisation"],
                _price_list(request.user, form),
                form.scenario_names(),
                form.reference_index(),
                title=data["title"],
                client=data["client"],
                date=data["date"],
            )
        messages.success(request, "De evaluatie is aangemaakt. Voeg nu de casussen toe.")
        return redirect(evaluation)
    return render(request, "cases/evaluation_start.html", {"form": form})


def _price_list(user, form: EvaluationStartForm) -> PriceList:
    """The version the new evaluation uses: the chosen one, a copy of it, or an empty one."""
    data = form.cleaned_data
    if data["price_start"] == USE:
        return data["price_list"]
    name = form.new_price_list_name()
    if data["price_start"] == COPY:
        source = data["price_list"]
        return source.derive(user, name, price_year=source.price_year)
    return PriceList.start_empty(user, data["organisation"], name)


@login_required
@require_http_methods(["GET", "POST"])
def scenarios(request, slug):
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    form = ScenariosForm(evaluation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        evaluation.set_scenarios(request.user, form.names(), int(form.cleaned_data["reference"]))
        messages.success(request, "De werkwijzen zijn opgeslagen.")
        return redirect(evaluation)
    return render(request, "cases/scenarios.html", {"evaluation": evaluation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_start(request, slug):
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    form = CaseStartForm(evaluation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CaseStartForm.Meta.fields}
        case = evaluation.add_case(request.user, **fields)
        messages.success(request, f"Casus {case.code} is toegevoegd.")
        return redirect("cases:entry", slug, case.code)
    return render(request, "cases/case_start.html", {"evaluation": evaluation, "form": form})
