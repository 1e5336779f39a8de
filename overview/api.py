"""The read-only JSON API under ``/api/v1/``, for a gemeente's own dashboards.

A request carries ``Authorization: Bearer <token>`` with a token an effectencalculateur issued
(:class:`overview.models.ApiToken`); it reads the evaluations of that token's organisation and
nothing else. The session is never looked at: a signed-in browser without a token gets the
same 401 as anyone else, and since nothing here changes anything and no cookie authenticates,
there is no CSRF to guard. A missing, unknown or revoked token gets 401 with a Dutch message
in JSON; an evaluation of another organisation, or none, 404 — the same answer, so that a
token does not reveal what exists elsewhere. Every answered request is in the access log, as
a download is: which token, which address.

Amounts are the summary JSON of DESIGN §5 (:func:`cases.summary.evaluation_summary`): strings
with two decimals, from one :func:`cases.figures.load` per request. The description of all of
this is :mod:`overview.openapi`, served at ``/api/v1/openapi.json``; a test holds every
response to its schemas.

Not throttled here: every request is read-only, bounded in queries (one load of one
evaluation at most) and logged, and a token is revoked in one click; a deployment that wants a
rate limit sets it at its reverse proxy, per Authorization header.
"""

from functools import wraps

from django.db.models import Count
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import figures
from cases.models import Evaluation
from cases.summary import evaluation_summary
from history.models import AccessKind
from history.recorder import record_access
from overview import openapi
from overview.models import ApiToken

MISSING = "Geen token meegestuurd. Stuur de kop ‘Authorization: Bearer <token>’ mee."
REFUSED = "Dit token is onbekend of ingetrokken. Vraag de effectencalculateur om een nieuw token."
NOT_FOUND = "Deze evaluatie bestaat niet of hoort niet bij de organisatie van dit token."


def _error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"fout": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="effectencalculator"'
    return response


def _bearer(request) -> str | None:
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def token_required(view):
    """Answer 401 without a valid token; otherwise hand the view the token, log the request
    in the access log, and answer 404 in JSON for an evaluation the token may not read."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        secret = _bearer(request)
        if secret is None:
            return _error(MISSING, 401)
        token = ApiToken.find(secret)
        if token is None:
            return _error(REFUSED, 401)
        token.mark_used()
        try:
            return view(request, token, *args, **kwargs)
        except Http404:
            _log(token, request)
            return _error(NOT_FOUND, 404)

    return never_cache(require_GET(wrapper))


def _log(token: ApiToken, request, evaluation=None) -> None:
    record_access(
        None,
        AccessKind.API,
        evaluation,
        what=f"API-token ‘{token.name}’ ({token.prefix}…): {request.get_full_path()}",
        organisation=token.organisation,
    )


def _evaluation(token: ApiToken, slug: str) -> Evaluation:
    found = Evaluation.objects.filter(organisation=token.organisation, slug=slug).first()
    if found is None:
        raise Http404
    found.organisation = token.organisation
    return found


def _describe(request, evaluation) -> dict:
    return {
        "slug": evaluation.slug,
        "title": evaluation.title,
        "client": evaluation.client,
        "date": evaluation.date.isoformat() if evaluation.date else None,
        "url": request.build_absolute_uri(
            reverse("overview:api_evaluation", args=[evaluation.slug])
        ),
    }


@token_required
def evaluations(request, token):
    found = (
        Evaluation.objects.filter(organisation=token.organisation)
        .annotate(case_count=Count("cases"))
        .order_by("-created_at", "title")
    )
    _log(token, request)
    return JsonResponse(
        {
            "organisation": token.organisation.name,
            "evaluations": [
                _describe(request, evaluation) | {"case_count": evaluation.case_count}
                for evaluation in found
            ],
        }
    )


@token_required
def evaluation(request, token, slug):
    found = _evaluation(token, slug)
    _log(token, request, found)
    cases_url = reverse("overview:api_cases", args=[found.slug])
    return JsonResponse(
        _describe(request, found)
        | {
            "cases_url": request.build_absolute_uri(cases_url),
            "figures": evaluation_summary(found),
        }
    )


@token_required
def cases(request, token, slug):
    """The evaluation's cases with their stage and period, and each case's figures as the
    summary has them (with the course over time: per year and the break-even month)."""
    found = _evaluation(token, slug)
    _log(token, request, found)
    loaded = figures.load(found)
    summary = evaluation_summary(found, with_course=True, figures=loaded)
    return JsonResponse(
        {
            "evaluation": found.slug,
            "werkwijzen": summary["werkwijzen"],
            "cases": [
                {
                    "code": case.code,
                    "title": case.title,
                    "stage": case.stage,
                    "start_date": case.start_date.isoformat(),
                    "end_date": case.end_date.isoformat(),
                    "figures": {
                        key: value for key, value in data.items() if key not in ("code", "title")
                    },
                }
                for case, data in zip(loaded.cases, summary["cases"], strict=True)
            ],
        }
    )


@require_GET
def description(request):
    """The OpenAPI 3.1 description: public, it holds no data."""
    return JsonResponse(openapi.document(request.build_absolute_uri("/api/v1")))
