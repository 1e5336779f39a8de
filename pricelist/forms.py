"""Forms of the price list screens. They check input only; the rules (locking, indexation,
re-pricing) live in the models and in :mod:`lib.indexation` / :mod:`cases.repricing`."""

from decimal import Decimal

from django import forms

from accounts.forms import OrganisationUploadForm
from lib.forms import DutchDecimalField
from lib.indexation import Indexation, Rounding
from pricelist.models import Financier, Hardness, PriceItem, PriceList, Unit

FILE_SUFFIXES = (".xlsx", ".csv")


def _name_is_free(organisation, name: str, current: PriceList | None = None) -> str:
    name = name.strip()
    namesakes = PriceList.objects.filter(organisation=organisation, name=name)
    if current is not None:
        namesakes = namesakes.exclude(pk=current.pk)
    if namesakes.exists():
        raise forms.ValidationError(f"Er bestaat al een prijslijst ‘{name}’; kies een andere naam.")
    return name


class PriceListForm(forms.ModelForm):
    """A version's name and price year (its items are edited in the list itself)."""

    class Meta:
        model = PriceList
        fields = ["name", "price_year"]
        labels = {"name": "Naam", "price_year": "Prijsjaar"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price_year"].widget.attrs.update({"min": 1900, "max": 2100})

    def clean_name(self):
        return _name_is_free(self.instance.organisation, self.cleaned_data["name"], self.instance)

    def clean_price_year(self):
        year = self.cleaned_data["price_year"]
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError("Een prijsjaar ligt tussen 1900 en 2100.")
        return year


class PriceItemForm(forms.ModelForm):
    class Meta:
        model = PriceItem
        fields = [
            "code",
            "name",
            "unit",
            "price",
            "category",
            "financier",
            "source",
            "price_year",
            "hardness",
        ]
        widgets = {"source": forms.TextInput()}
        # Typed the Dutch way, as on the entry screen: "82,50", "1.234,50".
        field_classes = {"price": DutchDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        price_list = self.instance.price_list
        self.fields["financier"].queryset = Financier.objects.filter(
            organisation_id=price_list.organisation_id
        )
        self.fields["financier"].empty_label = None
        self.fields["price"].min_value = Decimal(0)
        self.fields[
            "hardness"
        ].help_text = "hard: gepubliceerd tarief · onderbouwd: beredeneerde schatting · aanname"

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        others = self.instance.price_list.items.exclude(pk=self.instance.pk)
        if others.filter(code=code).exists():
            raise forms.ValidationError(f"De prijscode ‘{code}’ bestaat al in deze prijslijst.")
        return code


class SessionPriceItemForm(PriceItemForm):
    """A price item added during the session, from the entry screen's dialog: the few fields
    the room knows. An empty code is made from the name; the hardness starts as "aanname"."""

    class Meta(PriceItemForm.Meta):
        fields = ["name", "code", "unit", "price", "hardness", "financier", "source"]
        # Labels of their own: the entry row beside it has an Omschrijving, a Financier and a
        # Hardheid of its own.
        labels = {
            "name": "Naam",
            "code": "Code (leeg: uit de naam)",
            "price": "Prijs in euro",
            "financier": "Wie betaalt (financier)",
            "hardness": "Hardheid van de prijs",
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "prijsitem")  # its ids never clash with the entry row's
        kwargs.setdefault("initial", {"hardness": Hardness.AANNAME})
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_code(self):
        if not self.cleaned_data["code"].strip():
            return ""  # made from the name in clean()
        return super().clean_code()

    def clean(self):
        data = super().clean()
        if not data.get("code") and data.get("name"):
            data["code"] = self.instance.price_list.free_code(data["name"])
        return data


class FilterForm(forms.Form):
    """The search and the filters of a price list's items; every field may stay empty."""

    q = forms.CharField(label="Zoeken in code, omschrijving of categorie", required=False)
    categorie = forms.ChoiceField(label="Categorie", required=False)
    eenheid = forms.ChoiceField(
        label="Eenheid", required=False, choices=[("", "alle")] + Unit.choices
    )
    financier = forms.ChoiceField(label="Financier", required=False)
    hardheid = forms.ChoiceField(
        label="Hardheid", required=False, choices=[("", "alle")] + Hardness.choices
    )

    def __init__(self, price_list: PriceList, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = price_list.categories()
        self.fields["categorie"].choices = [("", "alle")] + [(c, c) for c in categories]
        financiers = price_list.organisation.financiers.values_list("code", "name")
        self.fields["financier"].choices = [("", "alle"), *financiers]

    def filters(self) -> dict:
        """The valid filters; an invalid choice (an edited URL) is ignored, not an error."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", "").strip(),
            "category": data.get("categorie", ""),
            "unit": data.get("eenheid", ""),
            "financier": data.get("financier", ""),
            "hardness": data.get("hardheid", ""),
        }


class ImportForm(OrganisationUploadForm):
    name = forms.CharField(label="Naam van de nieuwe prijslijst", max_length=200)
    price_year = forms.IntegerField(
        label="Prijsjaar", required=False, min_value=1900, max_value=2100
    )
    file = forms.FileField(
        label="Bestand (.xlsx of .csv, in de vorm van het blad ‘prijslijst’)",
        widget=forms.FileInput(attrs={"accept": ",".join(FILE_SUFFIXES)}),
    )

    def clean_file(self):
        return self.checked_upload(
            self.cleaned_data["file"], FILE_SUFFIXES, "Kies een .xlsx- of .csv-bestand."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("name"):
            try:
                cleaned["name"] = _name_is_free(cleaned["organisation"], cleaned["name"])
            except forms.ValidationError as error:
                self.add_error("name", error)
        return cleaned


class DeriveForm(forms.Form):
    """A new version: a copy, or indexed by one percentage with per-category exceptions."""

    name = forms.CharField(label="Naam van de nieuwe versie", max_length=200)
    price_year = forms.IntegerField(
        label="Prijsjaar", required=False, min_value=1900, max_value=2100
    )
    percent = forms.DecimalField(
        label="Indexatie in procent (leeg: een kopie zonder prijswijziging)",
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(-100),
        max_value=Decimal(1000),
        localize=True,
    )
    rounding = forms.ChoiceField(
        label="Afronden",
        choices=[(r.value, r.label) for r in Rounding],
        initial=Rounding.CENT.value,
        widget=forms.RadioSelect,
    )

    def __init__(self, price_list: PriceList, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.price_list = price_list
        self.categories = price_list.categories()
        for index, category in enumerate(self.categories):
            self.fields[f"categorie_{index}"] = forms.DecimalField(
                label=f"Afwijkend voor ‘{category}’ (procent)",
                required=False,
                max_digits=6,
                decimal_places=2,
                min_value=Decimal(-100),
                max_value=Decimal(1000),
                localize=True,
            )

    def clean_name(self):
        return _name_is_free(self.price_list.organisation, self.cleaned_data["name"])

    def category_fields(self):
        return [self[f"categorie_{index}"] for index in range(len(self.categories))]

    def indexation(self) -> Indexation | None:
        """None for a plain copy: no percentage anywhere."""
        data = self.cleaned_data
        per_category = {
            category: data[f"categorie_{index}"]
            for index, category in enumerate(self.categories)
            if data.get(f"categorie_{index}") is not None
        }
        if data.get("percent") is None and not per_category:
            return None
        percent = data.get("percent") or Decimal(0)
        return Indexation(percent, per_category, Rounding(data["rounding"]))
