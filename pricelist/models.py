"""The maatschappelijke prijslijst: versioned price lists and who pays (financiers).

A version that an evaluation uses is locked: its items can be read but not changed or deleted,
so that an old report can always be reproduced. Changes go into a new version
(:meth:`PriceList.derive`), optionally indexed (:mod:`lib.indexation`). One thing a locked
version still accepts: a *new* item added during a session (:meth:`PriceItem.save_by` with
``during_session``), a discipline named in the room that the list lacks. It changes no figure
that exists, and it stays marked as added during the session.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils.text import slugify

from accounts.models import Organisation
from history.models import Action, ChangeRecord
from history.recorder import ensure_restorable, from_snapshot, record_change, snapshot
from lib import textsearch
from lib.indexation import Indexation

LOCKED_MESSAGE = (
    "Deze prijslijst wordt gebruikt door een evaluatie en kan daarom niet meer worden "
    "gewijzigd; zo blijven oude rapporten reproduceerbaar. Kies ‘Nieuwe versie maken’ en "
    "wijzig die."
)


class PriceListLocked(ValidationError):
    """An edit of a price list version that an evaluation uses."""

    def __init__(self):
        super().__init__(LOCKED_MESSAGE, code="locked")


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


def create_organisation(name: str, slug: str = "") -> Organisation:
    """A new organisation, with the default list of financiers that its prices name."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, slug=slug or slugify(name))
        Financier.create_defaults(organisation)
    return organisation


def default_organisation() -> Organisation:
    """The organisation command-line imports go to when none is named."""
    organisation = Organisation.objects.order_by("pk").first()
    return organisation or create_organisation("Eigen organisatie")


class PriceList(models.Model):
    """One version of a price list, e.g. "Prijslijst 2024"."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="price_lists"
    )
    name = models.CharField("naam", max_length=200)
    price_year = models.PositiveSmallIntegerField("prijsjaar", null=True, blank=True)
    # The version this one was copied or indexed from, and how (shown on its page).
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name="afgeleid van",
    )
    derivation = models.CharField("herkomst", max_length=300, blank=True)
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

    @property
    def is_locked(self) -> bool:
        """Used by an evaluation, so read-only."""
        return self.evaluations.exists()

    def ensure_editable(self) -> None:
        if self.is_locked:
            raise PriceListLocked()

    @classmethod
    def start_empty(cls, user, organisation, name: str) -> "PriceList":
        """A new version without items, for an evaluation whose prices are added as they come
        up (during the session or in the price list)."""
        with transaction.atomic():
            price_list = cls.objects.create(
                organisation=organisation, name=name, derivation="Leeg begonnen"
            )
            price_list.record_creation(user)
        return price_list

    @classmethod
    def free_name(cls, organisation, wanted: str) -> str:
        """``wanted``, or with a number added when the organisation has a version of that name."""
        taken = set(cls.objects.filter(organisation=organisation).values_list("name", flat=True))
        name, number = wanted, 1
        while name in taken:
            number += 1
            name = f"{wanted} ({number})"
        return name

    def free_code(self, name: str) -> str:
        """A code for a new item made from its name ("Sociaal werker wijkteam" →
        "SOCIAAL-WERKER-WIJKTEAM"), with a number added when the list has it already."""
        base = textsearch.fold(name).upper().replace(" ", "-")[:40].strip("-") or "ITEM"
        taken = {code.upper() for code in self.items.values_list("code", flat=True)}
        code, number = base, 1
        while code in taken:
            number += 1
            code = f"{base}-{number}"
        return code

    def categories(self) -> list[str]:
        return sorted(set(self.items.exclude(category="").values_list("category", flat=True)))

    def derive(
        self, user, name: str, price_year=None, indexation: Indexation | None = None
    ) -> "PriceList":
        """A new, unlocked version with this one's items: copied as they are, or with their
        prices indexed. Recorded in the history as one creation with all its items."""
        with transaction.atomic():
            derived = PriceList.objects.create(
                organisation=self.organisation,
                name=name,
                price_year=price_year,
                based_on=self,
                derivation=(
                    f"Geïndexeerd vanuit {self.name}: {indexation.describe()}"
                    if indexation
                    else f"Kopie van {self.name}"
                ),
            )
            items = [
                PriceItem(
                    price_list=derived,
                    code=item.code,
                    name=item.name,
                    unit=item.unit,
                    price=indexation.price(item.price, item.category) if indexation else item.price,
                    category=item.category,
                    financier_id=item.financier_id,
                    source=item.source,
                    price_year=item.price_year,
                    hardness=item.hardness,
                    position=item.position,
                )
                for item in self.items.all()
            ]
            PriceItem.objects.bulk_create(items)
            derived.record_creation(user)
        return derived

    def record_creation(self, user) -> None:
        after = {**snapshot(self), "items": [snapshot(item) for item in self.items.all()]}
        record_change(user, self, Action.CREATE, after=after)

    def delete_by(self, user) -> ChangeRecord:
        """Delete an unlocked version, keeping it and its items in the history; the deletion
        (in the bin) is returned."""
        self.ensure_editable()
        with transaction.atomic():
            before = {**snapshot(self), "items": [snapshot(item) for item in self.items.all()]}
            record = record_change(user, self, Action.DELETE, before=before)
            self.delete()
        return record

    @classmethod
    def restore(cls, record, user) -> "PriceList":
        """Bring back a deleted version with its id and the items it had when it was deleted
        (items deleted before it stay in the bin, to be restored one by one)."""
        ensure_restorable(record, cls, "Deze prijslijst")
        data = dict(record.before)
        items = data.pop("items", [])
        price_list = from_snapshot(cls, data)
        with transaction.atomic():
            namesake = cls.objects.filter(
                organisation_id=price_list.organisation_id, name=price_list.name
            )
            if namesake.exists():
                raise ValueError(
                    f"Er is intussen een andere prijslijst met de naam ‘{price_list.name}’; "
                    "geef die eerst een andere naam."
                )
            if not cls.objects.filter(pk=price_list.based_on_id).exists():
                price_list.based_on_id = None  # the version it came from is gone as well
            price_list.save(force_insert=True)
            # auto_now_add stamped the insert with now; put the original time back.
            price_list.created_at = from_snapshot(cls, data).created_at
            cls.objects.filter(pk=price_list.pk).update(created_at=price_list.created_at)
            PriceItem.objects.bulk_create(from_snapshot(PriceItem, item) for item in items)
            record_change(user, price_list, Action.RESTORE, restores=record)
        return price_list


class PriceItemQuerySet(models.QuerySet):
    def matching(self, query="", category="", unit="", financier="", hardness=""):
        """Items whose code, name or category contain ``query``, filtered by what is given."""
        items = self
        if query:
            items = items.filter(
                models.Q(code__icontains=query)
                | models.Q(name__icontains=query)
                | models.Q(category__icontains=query)
            )
        filters = {
            "category": category,
            "unit": unit,
            "financier__code": financier,
            "hardness": hardness,
        }
        return items.filter(**{field: value for field, value in filters.items() if value})

    def ranked(self, query: str, limit: int | None = 20) -> list["PriceItem"]:
        """The items ``query`` finds by code, name or category, best first, ignoring case and
        accents (:mod:`lib.textsearch`); typos only when nothing matches."""
        hits = textsearch.rank(query, self._entries(), limit=limit)
        return self._in_order([hit.key for hit in hits])

    def resolve(self, text: str) -> "PriceItem | Unresolved":
        """The one item a typed code or name means, or why none: the candidates to choose
        from (several matches) or suggestions (none matched, some are close)."""
        resolution = textsearch.resolve(text, self._entries())
        if resolution.key is not None:
            return self.select_related("financier").get(pk=resolution.key)
        return Unresolved(self._in_order(resolution.candidates), resolution.suggestions_only)

    def _entries(self) -> list[textsearch.Entry]:
        rows = self.order_by("position", "code").values_list("pk", "code", "name", "category")
        return [textsearch.Entry(*row) for row in rows]

    def _in_order(self, pks) -> list["PriceItem"]:
        found = self.select_related("financier").in_bulk(pks)
        return [found[pk] for pk in pks]


class Unresolved:
    """A typed price item that names no single item: the ``candidates`` it could mean, or
    (``suggestions_only``) the items close to it when none matched."""

    def __init__(self, candidates: list, suggestions_only: bool):
        self.candidates = candidates
        self.suggestions_only = suggestions_only

    def message(self, typed: str) -> str:
        """The Dutch refusal at the field, naming the candidates."""
        names = "; ".join(f"{item.code} – {item.name}" for item in self.candidates)
        if not self.candidates:
            return f"Er is geen prijsitem met code of naam “{typed}” in de prijslijst."
        if self.suggestions_only:
            return f"Er is geen prijsitem “{typed}” in de prijslijst. Bedoelde u: {names}?"
        return (
            f"“{typed}” past bij {len(self.candidates)} prijsitems: {names}. "
            "Kies er één of typ meer letters."
        )


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
    # Added from the entry screen while the version was in use (shown as such in the price
    # list and the report's appendix): the only item a locked version can gain.
    added_during_session = models.BooleanField("toegevoegd tijdens de sessie", default=False)

    objects = PriceItemQuerySet.as_manager()

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

    @property
    def organisation(self):
        """The price list's organisation (the history files the item's changes under it)."""
        return self.price_list.organisation

    def save_by(self, user, during_session: bool = False) -> None:
        """Save a new or changed item of an unlocked version, recorded in the history.
        ``during_session``: a new item added from the entry screen, which a version in use
        accepts too (it changes no existing figure); changing an item still needs an unlocked
        version."""
        if during_session and self.pk is None:
            self.added_during_session = True
        else:
            self.price_list.ensure_editable()
        with transaction.atomic():
            if self.pk is None:
                if not self.position:
                    last = self.price_list.items.aggregate(last=models.Max("position"))["last"]
                    self.position = (last or 0) + 1
                self.save()
                record_change(user, self, Action.CREATE)
            else:
                before = snapshot(PriceItem.objects.get(pk=self.pk))
                self.save()
                record_change(user, self, Action.UPDATE, before=before)

    def delete_by(self, user) -> ChangeRecord:
        """Delete an item of an unlocked version; the deletion (in the bin) is returned."""
        self.price_list.ensure_editable()
        if self.cost_lines.exists():
            # Cannot happen for an unlocked list (its lines' evaluations would lock it), but
            # the PROTECT foreign key would otherwise surface as a server error.
            raise ValidationError("Dit prijsitem wordt gebruikt en kan niet worden verwijderd.")
        with transaction.atomic():
            record = record_change(user, self, Action.DELETE, before=snapshot(self))
            self.delete()
        return record

    @classmethod
    def restore(cls, record, user) -> "PriceItem":
        """Bring back a deleted item with its id and fields, into its version if that still
        exists, is not in use and has no other item of that code."""
        ensure_restorable(record, cls, "Dit prijsitem")
        item = from_snapshot(cls, record.before)
        with transaction.atomic():
            price_list = PriceList.objects.filter(pk=item.price_list_id).first()
            if price_list is None:
                raise ValueError(
                    "De prijslijst van dit prijsitem is verwijderd; zet eerst die prijslijst terug."
                )
            if price_list.is_locked:
                raise ValueError(
                    f"‘{price_list.name}’ wordt intussen door een evaluatie gebruikt en ligt vast; "
                    "een verwijderd item kan er niet meer in terug."
                )
            if price_list.items.filter(code__iexact=item.code).exists():
                raise ValueError(
                    f"‘{price_list.name}’ heeft intussen een ander item met code {item.code}."
                )
            item.price_list = price_list
            item.save(force_insert=True)
            record_change(user, item, Action.RESTORE, restores=record)
        return item
