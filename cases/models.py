"""Evaluations, their werkwijzen (scenarios), cases, timelines and cost lines.

In code a werkwijze is a :class:`Scenario`: one way of working whose timeline is costed.
The costing itself lives in :mod:`lib.costing`; models only hand it their data.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

from accounts.models import Role
from cases import live
from history.models import Action
from history.recorder import record_change, snapshot
from lib import costing, firmness, outcomes, timecourse
from lib.costing import QUANTITY_PLACES
from pricelist.models import Hardness

MAX_SCENARIOS = 3


def _percent_field(label: str, default: Decimal, help_text: str = "") -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=help_text,
    )


def _margin_field(label: str, default: Decimal) -> models.DecimalField:
    return _percent_field(label, default, "Procent naar beneden en naar boven.")


class Evaluation(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="evaluations"
    )
    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField("titel", max_length=200)
    client = models.CharField("opdrachtgever", max_length=200, blank=True)
    date = models.DateField("datum", null=True, blank=True)
    price_list = models.ForeignKey(
        "pricelist.PriceList",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name="prijslijst",
    )
    introduction = models.TextField("inleiding", blank=True)
    research_questions = models.TextField("onderzoeksvragen", blank=True)
    # The bestuurlijke samenvatting's short answers: one per research question, in the same
    # order (lib.questions pairs them), written by the chair.
    research_answers = models.TextField(
        "korte antwoorden op de onderzoeksvragen",
        blank=True,
        help_text=(
            "Eén kort antwoord per onderzoeksvraag, in dezelfde volgorde, als genummerde lijst "
            "(1. …, 2. …). Ze staan in de bestuurlijke samenvatting."
        ),
    )
    conclusions = models.TextField("conclusies", blank=True)
    recommendations = models.TextField("aanbevelingen", blank=True)
    # Further narrative fields of the workbook's evaluatie sheet, kept in their order.
    extra_fields = models.JSONField("overige velden", default=dict, blank=True)
    # How far a price of each hardness may be off, in percent either way (lib.firmness).
    margin_hard = _margin_field("marge hard", firmness.DEFAULT_MARGINS.hard)
    margin_onderbouwd = _margin_field("marge onderbouwd", firmness.DEFAULT_MARGINS.onderbouwd)
    margin_aanname = _margin_field("marge aanname", firmness.DEFAULT_MARGINS.aanname)
    # The course after a case ends (lib.timecourse): how many years the recurring support of
    # its last month is projected, discounted at this rate; 0 years: no projection.
    horizon_years = models.PositiveSmallIntegerField(
        "projectie (jaren na de casus)",
        default=0,
        validators=[MaxValueValidator(timecourse.MAX_HORIZON_YEARS)],
        help_text="0 tot 10 jaar; 0 is geen projectie.",
    )
    discount_rate = _percent_field("discontovoet (% per jaar)", timecourse.DEFAULT_DISCOUNT_RATE)
    # SROI practice: what would have happened anyway, and what others can claim; they give a
    # second, named verschil (lib.sensitivity) and never change the first.
    deadweight = _percent_field("deadweight (%)", Decimal(0))
    attribution = _percent_field("attributie (%)", Decimal(0))
    # Retention under the AVG (cases.retention): the period runs from the last change anyone
    # made to the evaluation, its cases or their timelines; empty takes the organisation's.
    retention_months = models.PositiveSmallIntegerField(
        "bewaartermijn (maanden)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=(
            "Gerekend vanaf de laatste wijziging door wie dan ook aan de evaluatie, een casus "
            "of een tijdlijn. Leeg: de termijn van de organisatie. Een maand van tevoren krijgen "
            "de effectencalculateurs bericht."
        ),
    )
    # When the notice of the coming anonymisation or deletion went out; a later change
    # starts a new period, and so makes this notice stale (cases.retention.schedule).
    retention_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"
        ordering = ["-created_at", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:evaluation_detail", args=[self.slug])

    @staticmethod
    def unique_slug(title: str) -> str:
        base = slugify(title)[:200] or "evaluatie"
        slug, n = base, 1
        while Evaluation.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    @classmethod
    def start(cls, user, organisation, price_list, scenarios, reference: int, **fields):
        """A new evaluation with its werkwijzen (names in order; ``reference`` the index of
        the reference), chaired by ``user``."""
        if not 1 <= len(scenarios) <= MAX_SCENARIOS or not 0 <= reference < len(scenarios):
            raise ValueError("an evaluation has 1 to 3 werkwijzen, one of them the reference")
        if price_list.organisation_id != organisation.pk:
            raise ValueError("the price list belongs to another organisation")
        with transaction.atomic():
            evaluation = cls.objects.create(
                organisation=organisation,
                price_list=price_list,
                slug=cls.unique_slug(fields["title"]),
                **fields,
            )
            codes: set[str] = set()
            for position, name in enumerate(scenarios, start=1):
                code = _unique_code(slugify(name)[:40] or f"werkwijze-{position}", codes)
                Scenario.objects.create(
                    evaluation=evaluation,
                    code=code,
                    name=name,
                    is_reference=position - 1 == reference,
                    position=position,
                )
            EvaluationMember.objects.create(
                evaluation=evaluation, user=user, role=Role.EFFECTENCALCULATEUR
            )
            record_change(user, evaluation, Action.CREATE)
        return evaluation

    def set_scenarios(self, user, names: list[str], reference: int) -> None:
        """Rename, add or remove werkwijzen and choose the reference. ``names`` holds one
        name per slot in order (existing werkwijzen first); an empty name removes that
        werkwijze, which is allowed only while it has no timeline items. Codes never change:
        the workbook and the figures know werkwijzen by code."""
        existing = list(self.scenarios.all())
        kept = [n for n, name in enumerate(names) if name]
        if not 1 <= len(kept) <= MAX_SCENARIOS or reference not in kept:
            raise ValueError("1 to 3 named werkwijzen, the reference among them")
        with transaction.atomic():
            # The reference moves in two steps: the database allows one at a time.
            self.scenarios.update(is_reference=False)
            codes = {scenario.code for scenario in existing}
            for slot, name in enumerate(names):
                scenario = existing[slot] if slot < len(existing) else None
                if scenario and not name:
                    if scenario.items.exists():
                        raise ValueError(f"werkwijze {scenario.code} still has timeline items")
                    record_change(user, scenario, Action.DELETE, before=snapshot(scenario))
                    scenario.delete()
                elif scenario:
                    before = snapshot(scenario)
                    scenario.name, scenario.is_reference = name, slot == reference
                    scenario.position = slot + 1
                    scenario.save()
                    record_change(user, scenario, Action.UPDATE, before=before)
                elif name:
                    code = _unique_code(slugify(name)[:40] or f"werkwijze-{slot + 1}", codes)
                    scenario = Scenario.objects.create(
                        evaluation=self,
                        code=code,
                        name=name,
                        is_reference=slot == reference,
                        position=slot + 1,
                    )
                    record_change(user, scenario, Action.CREATE)
            # Every verschil may have changed: live screens redraw.
            Case.bump_revisions(self)

    def add_case(self, user, **fields) -> Case:
        """A new case at the end of the evaluation."""
        with transaction.atomic():
            last = self.cases.aggregate(last=models.Max("position"))["last"] or 0
            case = Case.objects.create(evaluation=self, position=last + 1, **fields)
            record_change(user, case, Action.CREATE)
        return case

    @property
    def margins(self) -> firmness.Margins:
        return firmness.Margins(self.margin_hard, self.margin_onderbouwd, self.margin_aanname)

    NARRATIVE_FIELDS = (
        "introduction",
        "research_questions",
        "research_answers",
        "conclusions",
        "recommendations",
    )

    @classmethod
    def anonymised_text(cls, data: dict) -> dict:
        """What anonymising (cases.retention) puts in place of the free text of a row or of a
        history snapshot of it. The title and client stay: they name the project and the
        municipality, not a resident; every figure stays."""
        return {**dict.fromkeys(cls.NARRATIVE_FIELDS, ""), "extra_fields": {}}


def _unique_code(base: str, taken: set[str]) -> str:
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    taken.add(code)
    return code


class Scenario(models.Model):
    """A werkwijze: one way of working, e.g. "met Village Deal" or "zonder"."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scenarios")
    code = models.SlugField(max_length=50)
    name = models.CharField("naam", max_length=200)
    is_reference = models.BooleanField("referentie", default=False)
    position = models.PositiveSmallIntegerField("volgorde", default=1)

    class Meta:
        verbose_name = "werkwijze"
        verbose_name_plural = "werkwijzen"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="unique_scenario_code"),
            models.UniqueConstraint(
                fields=["evaluation"],
                condition=Q(is_reference=True),
                name="one_reference_per_evaluation",
            ),
        ]

    def __str__(self):
        return self.name


class EvaluationMember(models.Model):
    """A person's role in one evaluation (overrides their organisation's default role)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluation_roles"
    )
    role = models.CharField("rol", max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = "lid van de evaluatie"
        verbose_name_plural = "leden van de evaluatie"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="one_role_per_evaluation")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class CaseStage(models.TextChoices):
    """Whether a case's course happened or is forecast before a decision (a *prognose*)."""

    REALISED = "gerealiseerd", "gerealiseerd"
    FORECAST = "prognose", "prognose"


class Case(models.Model):
    """A casus: one client's course, reconstructed in a session."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="cases")
    code = models.CharField(max_length=50)
    title = models.CharField("titel", max_length=200)
    start_date = models.DateField("startdatum")
    end_date = models.DateField("einddatum")
    position = models.PositiveIntegerField(default=0)
    # A prognose is filled in before the decision; it becomes gerealiseerd when the actual
    # course is entered beside it. Every case made before this field existed happened.
    stage = models.CharField(
        "fase", max_length=20, choices=CaseStage.choices, default=CaseStage.REALISED
    )
    approach = models.TextField("aanpak", blank=True)
    intervention = models.TextField("interventie", blank=True)
    without_intervention = models.TextField("zonder interventie", blank=True)
    quality_of_life = models.TextField("kwaliteit van bestaan", blank=True)
    informal_support = models.TextField("informele ondersteuning", blank=True)
    integrated_work = models.TextField("integraal werken", blank=True)
    improvements = models.TextField("verbeterpunten", blank=True)
    # Why the figures are what they are where a reader would ask (e.g. an intervention cost
    # that differs from a published one); the report's cross-case table footnotes it.
    figures_note = models.TextField(
        "toelichting op de cijfers",
        blank=True,
        help_text="Staat als voetnoot onder de tabel met de kosten per casus.",
    )
    # The session record.
    session_date = models.DateField("sessiedatum", null=True, blank=True)
    session_minutes = models.PositiveIntegerField("duur (minuten)", null=True, blank=True)
    participant_count = models.PositiveSmallIntegerField("aantal deelnemers", null=True, blank=True)
    # Who sat at the table, by role or discipline ("2 klantmanagers, 1 wijkverpleegkundige"):
    # the report's appendix lists it per session. Roles, not names.
    participants = models.TextField("deelnemers per rol", blank=True)
    disciplines_present = models.TextField("aanwezige disciplines", blank=True)
    # Raised on every change to the case's timeline or session record, so that a screen
    # showing the case can tell "nothing changed" from one indexed read of this row.
    revision = models.PositiveIntegerField(default=0)
    # The decision a prognose was made for (cases.prognosis): what was decided, by which role
    # or body (never a person's name: the privacy guard applies), when, and the amount.
    decision = models.TextField("besluit", blank=True)
    decided_by = models.CharField(
        "besluit door",
        max_length=200,
        blank=True,
        help_text="Een rol of orgaan, zoals ‘wijkteam’ of ‘college van B en W’; geen namen.",
    )
    decided_on = models.DateField("besluitdatum", null=True, blank=True)
    decided_amount = models.DecimalField(
        "besloten bedrag",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10**11)],
    )

    class Meta:
        verbose_name = "casus"
        verbose_name_plural = "casussen"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="unique_case_code"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="case_end_after_start"
            ),
        ]

    def __str__(self):
        return f"Casus {self.code}: {self.title}"

    def get_absolute_url(self):
        return reverse("cases:case_detail", args=[self.evaluation.slug, self.code])

    NARRATIVE_FIELDS = (
        "approach",
        "intervention",
        "without_intervention",
        "quality_of_life",
        "informal_support",
        "integrated_work",
        "improvements",
        "figures_note",
    )

    @classmethod
    def anonymised_text(cls, data: dict) -> dict:
        """See :meth:`Evaluation.anonymised_text`: the code stays (it is pseudonymous), the
        title becomes "Casus <code>", the story and the session's disciplines go, and so
        does the prognose's decision in words (its date and amount are figures, and stay)."""
        return {
            "title": f"Casus {data.get('code', '')}".strip(),
            **dict.fromkeys((*cls.NARRATIVE_FIELDS, "participants", "disciplines_present"), ""),
            **dict.fromkeys(("decision", "decided_by"), ""),
        }

    def bump_revision(self) -> None:
        """Mark the case as changed for everyone watching it (see ``revision``): its open
        session screens hear of it once the transaction commits (:mod:`cases.live`)."""
        Case.objects.filter(pk=self.pk).update(revision=F("revision") + 1)
        live.changed(case_pks=[self.pk])

    @staticmethod
    def bump_revisions(evaluation) -> None:
        """:meth:`bump_revision` for every case of the evaluation (a change of werkwijzen,
        the reference or the prices moves every verschil)."""
        Case.objects.filter(evaluation=evaluation).update(revision=F("revision") + 1)
        live.changed(evaluation_pk=evaluation.pk)


class ItemKind(models.TextChoices):
    EVENT = "gebeurtenis", "gebeurtenis"
    SUPPORT = "ondersteuning", "ondersteuning"


class TimelineItem(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="items")
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="items", verbose_name="werkwijze"
    )
    kind = models.CharField("soort", max_length=20, choices=ItemKind.choices)
    start = models.DateField("start")
    end = models.DateField("eind")
    description = models.TextField("omschrijving")
    is_intervention = models.BooleanField("interventie", default=False)
    # The workbook's `item` label (e.g. "o12"); empty when the item has none.
    label = models.CharField("item", max_length=50, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Raised on every save so that concurrent edits can be detected.
    version = models.PositiveIntegerField(default=1)
    # Made by the notulist's browser for each item it sends (crypto.randomUUID()), so that a
    # save sent twice, by a retry after a lost answer or from a second tab, makes one item.
    # Unique over all cases, so unique per case, and a key once used in one case is refused
    # in another. Empty for items that did not come from the entry row (copies, imports).
    idempotency_key = models.UUIDField(
        "sleutel", null=True, blank=True, unique=True, editable=False
    )
    # The kept forecast of a case that was a prognose (cases.prognosis.realise): frozen, so it
    # can be neither changed nor deleted, and left out of the case's figures, which are the
    # realisation's (cases.figures.timeline_items filters it there, and only there). A flag
    # rather than a frozen copy: the forecast items are the very items that were filled in,
    # with their ids, history and lines, and the one engine costs them as they are.
    is_forecast = models.BooleanField("prognose", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tijdlijnitem"
        verbose_name_plural = "tijdlijnitems"
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["case", "scenario", "position"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="item_end_after_start"),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_event(self) -> bool:
        return self.kind == ItemKind.EVENT

    @classmethod
    def anonymised_text(cls, data: dict) -> dict:
        """See :meth:`Evaluation.anonymised_text`: the description (which may tell a
        resident's story) becomes the kind and the item's label or number."""
        kind = dict(ItemKind.choices).get(data.get("kind"), "item")
        return {"description": f"{kind.capitalize()} {data.get('label') or data.get('id', '')}"}

    def snapshot(self) -> dict:
        """Everything needed to bring this item back exactly as it is: fields and lines."""
        return {**snapshot(self), "lines": [snapshot(line) for line in self.lines.all()]}


class Frequency(models.TextChoices):
    NONE = "", "—"
    DAG = "dag", "per dag"
    WEEK = "week", "per week"
    MAAND = "maand", "per maand"
    JAAR = "jaar", "per jaar"


class CostLineQuerySet(models.QuerySet):
    def for_costing(self):
        return self.select_related(
            "item__scenario", "price_item", "price_item__financier", "financier"
        )


_positive = [MinValueValidator(0)]


class CostLine(models.Model):
    """One priced line of a support item: rate × quantity × persons × occurrences, or a
    fixed amount. The financier defaults to the price item's when left empty."""

    item = models.ForeignKey(TimelineItem, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    price_item = models.ForeignKey(
        "pricelist.PriceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_lines",
        verbose_name="prijsitem",
    )
    # Counts keep up to QUANTITY_PLACES decimals, so that a third of an hour written as
    # 0,33333 stays what was written.
    quantity = models.DecimalField(
        "aantal", max_digits=18, decimal_places=QUANTITY_PLACES, default=1, validators=_positive
    )
    persons = models.DecimalField(
        "personen", max_digits=14, decimal_places=QUANTITY_PLACES, default=1, validators=_positive
    )
    times = models.DecimalField(
        "keer", max_digits=16, decimal_places=QUANTITY_PLACES, default=1, validators=_positive
    )
    frequency = models.CharField("frequentie", max_length=10, choices=Frequency.choices, blank=True)
    rate_override = models.DecimalField(
        "tarief", max_digits=12, decimal_places=2, null=True, blank=True, validators=_positive
    )
    one_off = models.BooleanField(
        "eenmalig",
        default=False,
        help_text="Een eenmalige betaling valt in het verloop in de tijd op de startdatum.",
    )
    fixed_amount = models.DecimalField(
        "bedrag",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(10**11)],
    )
    financier = models.ForeignKey(
        "pricelist.Financier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_lines",
        verbose_name="financier",
    )
    # Empty: by rule (see effective_hardness). The tijdlijn sheet's optional column hardheid.
    hardness = models.CharField("hardheid", max_length=20, choices=Hardness.choices, blank=True)
    # A sum standing for several financiers' costs together (a lump-sum estimate of a whole
    # course): it is shown as "niet verdeeld", never as the saving or cost of the financier it
    # happens to be booked on. The tijdlijn sheet's optional column niet_verdeeld.
    undivided = models.BooleanField(
        "niet verdeeld",
        default=False,
        help_text="Een totaalbedrag voor meerdere financiers samen, niet over hen verdeeld.",
    )

    objects = CostLineQuerySet.as_manager()

    class Meta:
        verbose_name = "kostenregel"
        verbose_name_plural = "kostenregels"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_item__isnull=False) | Q(fixed_amount__isnull=False),
                name="line_priced_or_fixed",
            ),
        ]

    def __str__(self):
        what = self.price_item.code if self.price_item_id else "vast bedrag"
        return f"{what} ({self.item})"

    @property
    def effective_financier(self):
        if self.financier_id:
            return self.financier
        return self.price_item.financier if self.price_item_id else None

    def to_costing(self) -> costing.Line:
        item = self.item
        price_item = self.price_item
        financier = self.effective_financier
        return costing.Line(
            start=item.start,
            end=item.end,
            price_code=price_item.code if price_item else "",
            unit=price_item.unit if price_item else "",
            price=price_item.price if price_item else None,
            quantity=self.quantity,
            persons=self.persons,
            times=self.times,
            frequency=self.frequency,
            rate_override=self.rate_override,
            fixed_amount=self.fixed_amount,
            financier=costing.UNDIVIDED if self.undivided else financier.code if financier else "",
            scenario=item.scenario.code,
            is_intervention=item.is_intervention,
            one_off=self.one_off,
        )

    @property
    def effective_hardness(self) -> str:
        """As marked on the line; else a priced line is as firm as its price item, and a
        fixed amount is an aanname (the docstring of lib.firmness says why)."""
        if self.hardness:
            return self.hardness
        if self.fixed_amount is not None:
            return firmness.FIXED_AMOUNT_HARDNESS
        return self.price_item.hardness if self.price_item_id else ""

    def to_firm_line(self) -> firmness.FirmLine:
        price_item = self.price_item
        return firmness.FirmLine(
            line=self.to_costing(),
            hardness=self.effective_hardness,
            name=price_item.name if price_item and self.fixed_amount is None else "",
            description=self.item.description,
        )


class TimelineCopy(models.Model):
    """One copy of a werkwijze's timeline into another (cases.timeline.copy_timeline): which
    items it made, so that "Kopie ongedaan maken" removes exactly those, however the
    timeline changed since."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="copies")
    source = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="+", verbose_name="van werkwijze"
    )
    target = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="+", verbose_name="naar werkwijze"
    )
    until = models.DateField("tot en met", null=True, blank=True)
    # The ids of the items the copy made, in their order. Ids rather than a key on the item,
    # so that an item's own fields (and its history) stay what they were.
    item_ids = models.JSONField("gekopieerde items", default=list)
    skipped = models.PositiveIntegerField("overgeslagen wegens overlap", default=0)
    created_at = models.DateTimeField("gekopieerd op", auto_now_add=True)
    undone_at = models.DateTimeField("ongedaan gemaakt op", null=True, blank=True)

    class Meta:
        verbose_name = "kopie van een tijdlijn"
        verbose_name_plural = "kopieën van een tijdlijn"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        count = len(self.item_ids)
        items = "1 item" if count == 1 else f"{count} items"
        return f"Kopie van ‘{self.source.name}’ naar ‘{self.target.name}’ ({items})"


# Outcome scores (issue 14 item 1): what the course did for the resident, per domain of the
# evaluation's instrument (lib.outcomes), beside the money and never turned into it.


class OutcomeInstrument(models.TextChoices):
    ZRM = outcomes.ZRM, outcomes.ZRM_INSTRUMENT.name
    POSITIVE_HEALTH = outcomes.POSITIVE_HEALTH, outcomes.POSITIVE_HEALTH_INSTRUMENT.name
    OWN = outcomes.OWN, "Eigen domeinen en schaal"


class OutcomeMeasure(models.Model):
    """The instrument an evaluation scores its cases with; without one the evaluation has no
    scores and looks as it did before. Its domains are rows (:class:`OutcomeDomain`) for
    every instrument, so that a score points at its domain whatever the instrument."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="outcome_measure"
    )
    instrument = models.CharField("instrument", max_length=30, choices=OutcomeInstrument.choices)
    scale_min = models.SmallIntegerField("laagste score")
    scale_max = models.SmallIntegerField("hoogste score")

    class Meta:
        verbose_name = "uitkomstinstrument"
        verbose_name_plural = "uitkomstinstrumenten"
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="outcome_scale_rises"
            ),
        ]

    def __str__(self):
        return f"{self.get_instrument_display()} ({self.evaluation})"

    def as_instrument(self, domains=None) -> outcomes.Instrument:
        """The pure description, with the level names of a standard instrument."""
        names = tuple(d.name for d in (self.domains.all() if domains is None else domains))
        if standard := outcomes.STANDARD.get(self.instrument):
            return outcomes.Instrument(
                standard.code, standard.name, names, self.scale_min, self.scale_max, standard.levels
            )
        return outcomes.own_instrument(names, self.scale_min, self.scale_max)


class OutcomeDomain(models.Model):
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField("domein", max_length=100)
    position = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "uitkomstdomein"
        verbose_name_plural = "uitkomstdomeinen"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "name"], name="unique_outcome_domain"),
        ]

    def __str__(self):
        return self.name


class OutcomeScore(models.Model):
    """A case's score on one domain in one werkwijze: at the start, at the end (for a
    werkwijze that did not happen, the expected end: cases.outcomes.end_is_expected), and the
    short story of what changed. Either score may still be empty during the session."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcome_scores")
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="outcome_scores", verbose_name="werkwijze"
    )
    domain = models.ForeignKey(OutcomeDomain, on_delete=models.CASCADE, related_name="scores")
    start = models.SmallIntegerField("start", null=True, blank=True)
    end = models.SmallIntegerField("eind", null=True, blank=True)
    story = models.TextField("wat veranderde", blank=True)

    class Meta:
        verbose_name = "uitkomstscore"
        verbose_name_plural = "uitkomstscores"
        ordering = ["domain__position", "scenario__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "scenario", "domain"], name="one_outcome_score_per_cell"
            ),
        ]

    def __str__(self):
        try:
            return f"{self.domain} ({self.scenario}, casus {self.case.code})"
        except models.ObjectDoesNotExist:  # a history record's row whose domain has gone
            return "uitkomstscore"

    @classmethod
    def anonymised_text(cls, data: dict) -> dict:
        """See :meth:`Evaluation.anonymised_text`: the scores stay, the story goes."""
        return {"story": ""}

    @property
    def is_empty(self) -> bool:
        return self.start is None and self.end is None and not self.story.strip()
