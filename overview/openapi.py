"""The OpenAPI 3.1 description of the read-only API (:mod:`overview.api`).

Written by hand as a dict, next to the code it describes, and held to it by a test that
validates every real response against the schema this document gives for its path and status
(``tests/views/test_api.py``): a field added to a response without a line here fails it, as
does a field described here that a response lacks (the schemas list what is required and
allow nothing else).
"""

from __future__ import annotations

AMOUNT = {
    "type": "string",
    "pattern": r"^-?\d+\.\d{2}$",
    "description": "Een bedrag in euro's: twee decimalen, punt als decimaalteken.",
    "examples": ["16329.00", "-5689.00"],
}


def _by_code(value: dict, description: str) -> dict:
    return {"type": "object", "additionalProperties": value, "description": description}


AMOUNTS = _by_code({"$ref": "#/components/schemas/Amount"}, "Per werkwijze-code een bedrag.")


def _object(properties: dict, description: str = "", optional: tuple = ()) -> dict:
    found = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        found["description"] = description
    return found


FIGURES = {
    "totals": AMOUNTS | {"description": "Per werkwijze het totaal."},
    "intervention": AMOUNTS | {"description": "Per werkwijze het interventie-subtotaal."},
    "difference": AMOUNTS
    | {"description": "Per werkwijze het verschil: referentie min werkwijze."},
}

CASE_FIGURES = {
    **FIGURES,
    "hours": _by_code(
        _by_code({"$ref": "#/components/schemas/Amount"}, "Per prijscode de uren."),
        "Per werkwijze de uren per discipline (prijscode).",
    ),
    "by_financier": _by_code(
        _by_code({"$ref": "#/components/schemas/Amount"}, "Per financiercode het bedrag."),
        "Per werkwijze wat elke financier betaalt.",
    ),
}

ERROR = {"$ref": "#/components/schemas/Error"}

SCHEMAS = {
    "Amount": AMOUNT,
    "Error": _object(
        {"fout": {"type": "string", "description": "Wat er mis is, in het Nederlands."}}
    ),
    "EvaluationBrief": _object(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "client": {"type": "string", "description": "De opdrachtgever; leeg als onbekend."},
            "date": {"type": ["string", "null"], "format": "date"},
            "url": {"type": "string", "format": "uri"},
            "case_count": {"type": "integer", "minimum": 0},
        }
    ),
    "EvaluationList": _object(
        {
            "organisation": {"type": "string"},
            "evaluations": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/EvaluationBrief"},
            },
        }
    ),
    "Werkwijze": _object(
        {"code": {"type": "string"}, "name": {"type": "string"}, "reference": {"type": "boolean"}}
    ),
    "Summary": _object(
        {
            "evaluation": _object({"slug": {"type": "string"}, "title": {"type": "string"}}),
            "werkwijzen": {"type": "array", "items": {"$ref": "#/components/schemas/Werkwijze"}},
            "cases": {
                "type": "array",
                "items": _object(
                    {"code": {"type": "string"}, "title": {"type": "string"}, **CASE_FIGURES}
                ),
            },
            "totals": _object(FIGURES),
        },
        "De samenvatting van DESIGN §5, zoals `manage.py evaluation_summary SLUG --json`.",
    ),
    "Evaluation": _object(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "client": {"type": "string"},
            "date": {"type": ["string", "null"], "format": "date"},
            "url": {"type": "string", "format": "uri"},
            "cases_url": {"type": "string", "format": "uri"},
            "figures": {"$ref": "#/components/schemas/Summary"},
        }
    ),
    "Case": _object(
        {
            "code": {"type": "string"},
            "title": {"type": "string"},
            "stage": {
                "type": "string",
                "enum": ["gerealiseerd", "prognose"],
                "description": "Gerealiseerd: de casus is gebeurd; prognose: een verwachting.",
            },
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date"},
            "figures": _object(
                {
                    **CASE_FIGURES,
                    "per_year": _by_code(
                        _by_code(
                            {"$ref": "#/components/schemas/Amount"},
                            "Per kalenderjaar het bedrag.",
                        ),
                        "Per werkwijze de kosten per kalenderjaar.",
                    ),
                    "break_even": _by_code(
                        {"type": ["integer", "null"], "minimum": 1},
                        "Per werkwijze behalve de referentie de maand (1 = de eerste van de "
                        "casus) vanaf wanneer zij zich terugverdient; null: niet binnen de "
                        "periode.",
                    ),
                }
            ),
        }
    ),
    "CaseList": _object(
        {
            "evaluation": {"type": "string", "description": "De slug van de evaluatie."},
            "werkwijzen": {"type": "array", "items": {"$ref": "#/components/schemas/Werkwijze"}},
            "cases": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
        }
    ),
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


REFUSED = {
    "401": _json(ERROR, "Geen token, of een onbekend of ingetrokken token."),
}
NOT_FOUND = {
    "404": _json(ERROR, "De evaluatie bestaat niet of hoort bij een andere organisatie."),
}
SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "De slug van de evaluatie, zoals in de lijst van evaluaties.",
}


def _get(summary: str, schema: str, description: str, *extra: dict, parameters=()) -> dict:
    responses = {"200": _json({"$ref": f"#/components/schemas/{schema}"}, description)}
    for more in (REFUSED, *extra):
        responses |= more
    operation = {"summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = list(parameters)
    return {"get": operation}


PATHS = {
    "/evaluaties/": _get(
        "De evaluaties van de organisatie van het token",
        "EvaluationList",
        "De evaluaties, nieuwste eerst.",
    ),
    "/evaluaties/{slug}/": _get(
        "Eén evaluatie met haar cijfers",
        "Evaluation",
        "De evaluatie en haar cijfers (de samenvatting van DESIGN §5).",
        NOT_FOUND,
        parameters=[SLUG],
    ),
    "/evaluaties/{slug}/casussen/": _get(
        "De casussen van een evaluatie met hun cijfers en verloop",
        "CaseList",
        "Per casus de fase, de periode en de cijfers, met kosten per jaar en terugverdienmaand.",
        NOT_FOUND,
        parameters=[SLUG],
    ),
}


def document(server: str) -> dict:
    """The description, with ``server`` (the API's absolute base address) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Effectencalculator API",
            "version": "1.0.0",
            "description": (
                "Alleen lezen. Elk verzoek stuurt `Authorization: Bearer <token>` mee, met een "
                "token dat een effectencalculateur van de organisatie uitgeeft en kan intrekken. "
                "Een token leest alleen de evaluaties van zijn eigen organisatie. Elk verzoek "
                "staat in de toegangslog. Bedragen zijn tekst met twee decimalen."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": server}],
        "security": [{"token": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Een API-token van de organisatie (begint met ‘ec_’).",
                }
            },
        },
    }
