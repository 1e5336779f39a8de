"""The maatschappelijke prijslijst: versioned price lists and who pays (financiers)."""

from django.core.validators import MinValueValidator
from django.db import models

DEFAULT_FINANCIERS = [
    ("gemeente-wmo", "Gemeente – Wmo"),
    ("gemeente-jeugd", "Gemeente – Jeugd"),
    ("gemeente-participatie", "Gemeente – Participatie"),
    ("gemeente-schuldhulp", "Gemeente – Schuldhulpverlening"),
    ("gemeente-overig", "Gemeente – overig"),
    ("zorgverzekeraar", "Zorgverzekeraar"),
    ("wlz", "Wet langdurige zorg"),
    ("uwv", "UWV"),
    ("rijk", "Rijk"),
    ("politie-justitie", "Politie en justitie"),
    ("onderwijs", "Onderwijs"),
    ("woningcorporatie", "Woningcorporatie"),
    ("werkgever", "Werkgever"),
    ("fondsen", "Fondsen"),
    ("informeel", "Informele ondersteuning"),
    ("client", "Cliënt"),
]


class Unit(models.TextChoices):
    UUR = "uur", "uur"
    DAGDEEL = "dagdeel", "dagdeel"
    DAG = "dag", "dag"
    WEEK = "week", "week"
    MAAND = "maand", "maand"
    JAAR = "jaar", "jaar"
    STUK = "stuk", "stuk"
    TRAJECT = "traject", "traject"
    MELDING = "melding", "melding"


class Hardness(models.TextChoices):
    """How firm a price is: a published tariff, a reasoned estimate, or an assumption."""

    HARD = "hard", "hard"
    ONDERBOUWD = "onderbouwd", "onderbouwd"
    AANNAME = "aanname", "aanname"


class Financier(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="financiers"
    )
    code = models.SlugField(max_length=50)
    name = models.CharField("naam", max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "financier"
        verbose_name_plural = "financiers"
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_financier_code")
        ]

    def __str__(self):
        return self.name

    @classmethod
    def create_defaults(cls, organisation) -> None:
        cls.objects.bulk_create(
            [
                cls(organisation=organisation, code=code, name=name, position=position)
                for position, (code, name) in enumerate(DEFAULT_FINANCIERS)
            ],
            ignore_conflicts=True,
        )


class PriceList(models.Model):
    """One version of a price list, e.g. "Prijslijst 2024"."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="price_lists"
    )
    name = models.CharField("naam", max_length=200)
    price_year = models.PositiveSmallIntegerField("prijsjaar", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "prijslijst"
        verbose_name_plural = "prijslijsten"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_price_list_name")
        ]

    def __str__(self):
        return self.name


class PriceItem(models.Model):
    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=50)
    name = models.CharField("omschrijving", max_length=300)
    unit = models.CharField("eenheid", max_length=20, choices=Unit.choices)
    price = models.DecimalField(
        "prijs", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    category = models.CharField("categorie", max_length=100, blank=True)
    financier = models.ForeignKey(
        Financier, on_delete=models.PROTECT, related_name="price_items", verbose_name="financier"
    )
    source = models.TextField("bron", blank=True)
    price_year = models.PositiveSmallIntegerField("prijsjaar", null=True, blank=True)
    hardness = models.CharField("hardheid", max_length=20, choices=Hardness.choices, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "prijsitem"
        verbose_name_plural = "prijsitems"
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["price_list", "code"], name="unique_price_code"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="price_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"
