"""The organisation's overview (``/overzicht/``) with its downloads, and the screen on which an
effectencalculateur issues and revokes the API's tokens (``/api-tokens/``).

The overview shows what the user may read and nothing more: every evaluation in which they
have a role (:func:`cases.access.visible_evaluations`), so an invited guest sees the one
evaluation they were invited into. Filtering and sorting are URL parameters read by a plain
GET form and plain header links, so the page works without JavaScript; the downloads take the
same parameters and so hold the rows as shown.

Measured with ``bench/overview.py`` on the shared two-core machine: three queries per
evaluation however many cases (those of :func:`cases.figures.load`), about 0.1 s per
evaluation of Stein's size (2.9 s for 20 evaluations of 5 cases), nearly all of it in that
load; see bench/README.md.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_organisations
from accounts.models import CHAIRS
from cases.access import visible_evaluations
from cases.models import CaseStage
from history.models import AccessKind, Action
from history.recorder import record_access, record_change
from overview import exports, table
from overview.models import ApiToken


class OverviewForm(forms.Form):
    """The overview's filters and sort; every field may be left out of the URL."""

    evaluatie = forms.ChoiceField(label="Evaluatie", required=False)
    fase = forms.ChoiceField(
        label="Fase",
        required=False,
        choices=[("", "Alle fasen")] + [(v, capfirst(label)) for v, label in CaseStage.choices],
    )
    q = forms.CharField(
        label="Zoeken in evaluatie, casus en werkwijze",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sorteer = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, evaluations: list[tuple[str, str]], *args, **kwargs):
        """``evaluations``: (slug, title) of those the user may read."""
        super().__init__(*args, **kwargs)
        self.fields["evaluatie"].choices = [("", "Alle evaluaties"), *evaluations]
        keys = [column.key for column in table.COLUMNS]
        self.fields["sorteer"].choices = [("", "")] + [
            (f"{sign}{key}", key) for key in keys for sign in ("", "-")
        ]
        self.fields["evaluatie"].error_messages["invalid_choice"] = (
            "Deze evaluatie staat niet (meer) in uw overzicht; kies er een uit de lijst."
        )
        self.fields["sorteer"].error_messages["invalid_choice"] = (
            "Op deze kolom kan niet worden gesorteerd."
        )

    def query(self) -> table.Query:
        """What was asked, leaving out what is not valid (its message stands at its field)."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        return table.Query(
            evaluation=data.get("evaluatie") or "",
            stage=data.get("fase") or "",
            text=(data.get("q") or "").strip(),
            sort=data.get("sorteer") or "",
        )


def _overview(request):
    evaluations = visible_evaluations(request.user)
    form = OverviewForm(list(evaluations.values_list("slug", "title")), request.GET or None)
    query = form.query() if form.is_bound else table.Query()
    return evaluations, form, query, table.build(evaluations, query)


def _sort_links(request, query: table.Query) -> list[dict]:
    """Per column its header link: sorting by it ascending, or descending when it already
    sorts ascending; and its ``aria-sort``."""
    links = []
    for column in table.COLUMNS:
        params = request.GET.copy()
        current = query.sort.removeprefix("-") == column.key
        descending = query.sort.startswith("-")
        params["sorteer"] = f"-{column.key}" if current and not descending else column.key
        links.append(
            {
                "column": column,
                "href": "?" + params.urlencode(),
                "sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return links


@login_required
@require_GET
def overview(request):
    _evaluations, form, query, rows = _overview(request)
    context = {
        "form": form,
        "rows": [table.cells(row) for row in rows],
        "headers": _sort_links(request, query),
        "params": request.GET.urlencode(),
        "filtered": bool(query.evaluation or query.stage or query.text),
    }
    return render(request, "overview/overview.html", context)


def _download(request, suffix: str) -> HttpResponse:
    _evaluations, _form, _query, rows = _overview(request)
    if suffix == "xlsx":
        content, content_type = exports.to_xlsx(rows), exports.XLSX_CONTENT_TYPE
    else:
        content, content_type = exports.to_csv(rows), exports.CSV_CONTENT_TYPE
    filename = f"overzicht-{timezone.localdate():%Y-%m-%d}.{suffix}"
    # One record per organisation whose figures are in the file (usually one), naming its
    # evaluations; an empty table carries no one's figures and is not logged.
    by_organisation = {}
    for row in rows:
        by_organisation.setdefault(row.evaluation.organisation, set()).add(row.evaluation.title)
    for organisation, titles in by_organisation.items():
        record_access(
            request.user,
            AccessKind.EXPORT,
            organisation=organisation,
            what=f"overzicht {filename}: {', '.join(sorted(titles))}",
        )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def overview_xlsx(request):
    return _download(request, "xlsx")


@login_required
@require_GET
def overview_csv(request):
    return _download(request, "csv")


class TokenForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Organisatie", queryset=None, empty_label=None)
    name = forms.CharField(
        label="Naam",
        max_length=100,
        help_text="Waarvoor het token dient, bijvoorbeeld ‘Dashboard sociaal domein’.",
        error_messages={"required": "Geef het token een naam, zodat u het later herkent."},
    )

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()


def _shown(token: ApiToken) -> dict:
    return {"name": token.name, "prefix": token.prefix, "organisation_id": token.organisation_id}


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    organisations = get_organisations(request.user, CHAIRS)
    form = TokenForm(organisations, request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(
            request.user, form.cleaned_data["organisation"], form.cleaned_data["name"].strip()
        )
        # The history keeps who issued which token, never its hash.
        record_change(request.user, token, Action.CREATE, after=_shown(token))
        issued = {"token": token, "secret": secret}
        form = TokenForm(organisations)
    listed = ApiToken.objects.filter(organisation__in=organisations).select_related(
        "organisation", "created_by"
    )
    response = render(
        request,
        "overview/tokens.html",
        {
            "form": form,
            "tokens": listed,
            "issued": issued,
            "several": len(organisations) > 1,
        },
    )
    # The secret is in this page once: no cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    organisations = get_organisations(request.user, CHAIRS)
    token = get_object_or_404(ApiToken, pk=pk, organisation__in=organisations)
    if not token.is_revoked:
        before = _shown(token) | {"revoked_at": None}
        token.revoke()
        after = _shown(token) | {"revoked_at": token.revoked_at.isoformat()}
        record_change(request.user, token, Action.UPDATE, before=before, after=after)
        messages.success(request, f"Het token ‘{token.name}’ is ingetrokken; het werkt niet meer.")
    return redirect("overview:tokens")
