"""Outcome scores: the effectencalculateur's choice of instrument, and the session's grid of
scores per domain and werkwijze (the notulist and the effectencalculateur write it, the
beleidsmedewerker reads it). The rules are :mod:`cases.outcomes`'."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import CHAIRS, EDITORS, READERS, permissions
from cases import outcomes
from cases.access import get_case, get_evaluation
from cases.models import OutcomeInstrument
from lib import dutch
from lib import outcomes as scales


class InstrumentForm(forms.Form):
    instrument = forms.ChoiceField(
        label="Instrument",
        choices=[("", "Geen: deze evaluatie scoort geen uitkomsten"), *OutcomeInstrument.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    domains = forms.CharField(
        label="Eigen domeinen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Alleen bij eigen domeinen: één per regel, in de volgorde van het rooster.",
    )
    scale_min = forms.IntegerField(label="Laagste score", required=False)
    scale_max = forms.IntegerField(label="Hoogste score", required=False)
    confirm_loss = forms.BooleanField(label="Ja, verwijder die scores", required=False)

    def __init__(self, evaluation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.planned = None
        self.losing = 0

    def clean(self):
        data = super().clean()
        instrument = data.get("instrument", "")
        own = ()
        if instrument == scales.OWN:
            own, problem = scales.parse_domains(data.get("domains") or "")
            if problem:
                self.add_error("domains", problem)
            if problem := scales.scale_problem(data.get("scale_min"), data.get("scale_max")):
                self.add_error("scale_max", problem)
            if self.errors:
                return data
        self.planned = outcomes.planned_instrument(
            instrument, own, data.get("scale_min"), data.get("scale_max")
        )
        if outside := outcomes.scale_conflicts(self.evaluation, self.planned):
            self.add_error(
                "scale_max" if instrument == scales.OWN else "instrument",
                f"{outside} {'score valt' if outside == 1 else 'scores vallen'} buiten deze "
                "schaal. Pas die scores eerst aan in het rooster van hun casus.",
            )
        self.losing = outcomes.scores_lost(self.evaluation, self.planned)
        if self.losing and not data.get("confirm_loss"):
            self.add_error(
                "confirm_loss",
                f"Deze wijziging verwijdert {self.losing} ingevulde "
                f"{'score' if self.losing == 1 else 'scores'} (met hun verhaal) van domeinen die "
                "verdwijnen. Vink aan dat dat de bedoeling is, of kies anders.",
            )
        return data


def _initial(evaluation) -> dict:
    measure = outcomes.measure_of(evaluation)
    if measure is None:
        return {"instrument": "", "scale_min": 1, "scale_max": 5}
    return {
        "instrument": measure.instrument,
        "domains": "\n".join(d.name for d in measure.domains.all())
        if measure.instrument == scales.OWN
        else "",
        "scale_min": measure.scale_min,
        "scale_max": measure.scale_max,
    }


@login_required
@require_http_methods(["GET", "POST"])
def instrument(request, slug):
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    form = InstrumentForm(evaluation, request.POST or None, initial=_initial(evaluation))
    if request.method == "POST" and form.is_valid():
        outcomes.set_instrument(evaluation, form.planned, request.user)
        messages.success(
            request,
            f"Uitkomsten: {form.planned.name}." if form.planned else "Geen uitkomstinstrument.",
        )
        return redirect(evaluation)
    return render(
        request,
        "cases/outcome_instrument.html",
        {
            "evaluation": evaluation,
            "form": form,
            "standards": scales.STANDARD.values(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grid(request, slug, code):
    """The grid: domains as rows, per werkwijze start, end and the story. A POST saves the
    cells that changed; a refused cell comes back with its Dutch message and every other
    typed cell as typed, and nothing is saved until none is refused."""
    case, role = get_case(
        request.user, slug, code, EDITORS if request.method == "POST" else READERS
    )
    evaluation = case.evaluation
    measure = outcomes.measure_of(evaluation)
    scenarios = list(evaluation.scenarios.all())
    rows, refused, saved = [], 0, None
    if measure:
        posted = request.POST if request.method == "POST" else None
        rows = outcomes.grid_rows(case, measure, scenarios, posted)
        if posted is not None:
            # Only the chair may overrule the privacy guard, and only by saying so.
            overrule = role in CHAIRS and bool(posted.get("not_personal"))
            refused = outcomes.check_grid(rows, measure, overrule)
            if not refused:
                saved = outcomes.save_grid(request.user, case, rows)
                if not request.htmx:
                    messages.success(request, _saved_message(saved))
                    return redirect("cases:outcome_grid", slug, code)
                rows = outcomes.grid_rows(case, measure, scenarios)
    context = {
        "evaluation": evaluation,
        "case": case,
        "measure": measure,
        "instrument": measure.as_instrument() if measure else None,
        "scenarios": [(s, outcomes.end_label(case, s, scenarios)) for s in scenarios],
        "rows": rows,
        "refused": refused,
        "privacy_refused": any(
            cell.personal for row in rows for _s, cells in row.cells for cell in cells.values()
        ),
        "saved_message": None if saved is None else _saved_message(saved),
        **permissions(role),
    }
    template = "cases/outcome_grid.html#grid" if request.htmx else "cases/outcome_grid.html"
    return render(request, template, context)


def _saved_message(count: int) -> str:
    if not count:
        return "Niets gewijzigd."
    return f"{dutch.number(count)} {'score' if count == 1 else 'scores'} opgeslagen."
