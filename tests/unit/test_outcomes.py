"""Outcome scores: the instruments and the comparison (lib.outcomes), choosing an instrument
and counting changes (cases.outcomes), and the two charts (lib.charts)."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import IntegrityError

from cases import outcomes
from cases.models import Case, CaseStage, OutcomeScore
from lib import charts
from lib import outcomes as scales

# lib.outcomes -----------------------------------------------------------------------------


def test_it_knows_the_zrm_and_positive_health():
    zrm = scales.ZRM_INSTRUMENT
    assert len(zrm.domains) == 13 and zrm.domains[0] == "Financiën"
    assert zrm.domains[-1] == "Justitie"
    assert (zrm.scale_min, zrm.scale_max) == (1, 5)
    assert zrm.level_name(1) == "acuut" and zrm.level_name(5) == "volledig zelfredzaam"
    health = scales.POSITIVE_HEALTH_INSTRUMENT
    assert len(health.domains) == 6 and (health.scale_min, health.scale_max) == (0, 10)
    assert health.level_name(7) == ""


def test_it_compares_start_and_end():
    change = scales.compare([(2, 4), (3, 3), (4, 1), (None, 5), (2, None)])
    assert change == scales.OutcomeChange(
        scored=3, improved=1, same=1, worsened=1, mean_change=Decimal("-0.3")
    )
    assert scales.compare([]).mean_change is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, "")),
        (" 4 ", (4, "")),
        ("6", (None, "6 ligt buiten de schaal 1–5.")),
        ("3,5", (None, "Een score is een heel getal van 1 tot en met 5.")),
        ("drie", (None, "Een score is een heel getal van 1 tot en met 5.")),
    ],
)
def test_it_reads_a_typed_score(text, expected):
    assert scales.parse_score(text, 1, 5) == expected


def test_it_reads_own_domains_and_refuses_a_bad_list_or_scale():
    assert scales.parse_domains("Wonen\n\n Werk \n") == (("Wonen", "Werk"), "")
    assert scales.parse_domains("")[1] == "Noem minstens één domein, één per regel."
    assert scales.parse_domains("Wonen\nwonen")[1] == "“wonen” staat er twee keer in."
    assert scales.scale_problem(5, 5) == "De hoogste score moet hoger zijn dan de laagste."
    assert scales.scale_problem(None, 5) == "Vul de laagste en de hoogste score in."
    assert scales.scale_problem(0, 100) == ""


# cases.outcomes ---------------------------------------------------------------------------


def _score(case, scenario, domain_name, start, end, story=""):
    domain = case.evaluation.outcome_measure.domains.get(name=domain_name)
    return OutcomeScore.objects.create(
        case=case, scenario=scenario, domain=domain, start=start, end=end, story=story
    )


@pytest.fixture
def zrm(evaluation):
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    return evaluation.outcome_measure


def test_it_sets_the_domains_of_an_instrument(evaluation, zrm):
    assert list(zrm.domains.values_list("name", flat=True)) == list(scales.ZRM_INSTRUMENT.domains)
    assert (zrm.scale_min, zrm.scale_max) == (1, 5)
    assert zrm.as_instrument().levels == scales.ZRM_INSTRUMENT.levels


def test_it_keeps_one_score_per_case_werkwijze_and_domain(evaluation, zrm):
    case = evaluation.cases.get(code="1")
    met = evaluation.scenarios.get(code="met")
    _score(case, met, "Financiën", 1, 3)
    with pytest.raises(IntegrityError):
        _score(case, met, "Financiën", 2, 2)


def test_it_counts_the_scores_a_change_of_instrument_would_remove(evaluation, zrm):
    case = evaluation.cases.get(code="1")
    met = evaluation.scenarios.get(code="met")
    _score(case, met, "Financiën", 1, 3, "Schulden geregeld")
    _score(case, met, "Huisvesting", 2, 4)
    own = scales.own_instrument(("Financiën", "Zorg"), 1, 5)
    assert outcomes.scores_lost(evaluation, own) == 1  # Huisvesting goes, Financiën stays
    assert outcomes.scores_lost(evaluation, None) == 2
    assert outcomes.scores_lost(evaluation, scales.ZRM_INSTRUMENT) == 0
    assert outcomes.scale_conflicts(evaluation, scales.own_instrument(("Financiën",), 1, 2)) == 1
    outcomes.set_instrument(evaluation, own)
    kept = OutcomeScore.objects.get()
    assert (kept.domain.name, kept.start, kept.end, kept.story) == (
        "Financiën",
        1,
        3,
        "Schulden geregeld",
    )
    assert kept.domain.position == 1
    outcomes.set_instrument(evaluation, None)
    assert not OutcomeScore.objects.exists()
    assert outcomes.measure_of(evaluation) is None


def test_it_labels_the_end_of_a_werkwijze_that_did_not_happen_as_expected(evaluation):
    case = evaluation.cases.get(code="1")
    scenarios = list(evaluation.scenarios.all())
    met, zonder = scenarios
    assert outcomes.end_label(case, met, scenarios) == "eind"
    assert outcomes.end_label(case, zonder, scenarios) == "verwachte eind"
    case.stage = CaseStage.FORECAST
    assert outcomes.end_label(case, met, scenarios) == "verwachte eind"


def test_it_gives_outcome_changes_per_case_and_werkwijze_in_one_query(
    evaluation, zrm, django_assert_num_queries
):
    first, second = evaluation.cases.all()
    met, zonder = evaluation.scenarios.all()
    _score(first, met, "Financiën", 1, 3)
    _score(first, met, "Huisvesting", 2, 2)
    _score(first, zonder, "Financiën", 1, 1)
    _score(second, met, "Justitie", 4, 2)
    _score(second, zonder, "Justitie", 4, None)
    more = [
        Case.objects.create(
            evaluation=evaluation,
            code=f"x{n}",
            title="Extra",
            start_date=first.start_date,
            end_date=first.end_date,
        )
        for n in range(5)
    ]
    for case in more:
        _score(case, met, "Werk & opleiding", 2, 5)
    with django_assert_num_queries(1):
        found = outcomes.outcome_changes(Case.objects.filter(evaluation=evaluation))
    assert found[first.pk][met.pk] == scales.OutcomeChange(2, 1, 1, 0, Decimal("1.0"))
    assert found[first.pk][zonder.pk] == scales.OutcomeChange(1, 0, 1, 0, Decimal("0.0"))
    assert found[second.pk][met.pk] == scales.OutcomeChange(1, 0, 0, 1, Decimal("-2.0"))
    assert found[second.pk][zonder.pk] == scales.OutcomeChange(0, 0, 0, 0, None)
    assert all(found[c.pk][met.pk].improved == 1 for c in more)
    # Of a list of cases too, and with none.
    with django_assert_num_queries(1):
        assert set(outcomes.outcome_changes([first])) == {first.pk}
    assert outcomes.outcome_changes(Case.objects.none()) == {}


def test_it_counts_per_domain_across_cases(evaluation, zrm, django_assert_max_num_queries):
    first, second = evaluation.cases.all()
    met, zonder = evaluation.scenarios.all()
    _score(first, met, "Financiën", 1, 3)
    _score(second, met, "Financiën", 2, 2)
    _score(first, zonder, "Financiën", 2, 1)
    evaluation.refresh_from_db()
    with django_assert_max_num_queries(5):
        found = outcomes.evaluation_outcomes(evaluation)
    finance = found.domains[0]
    assert finance.domain == "Financiën"
    assert [(c.improved, c.same, c.worsened) for c in finance.changes] == [(1, 1, 0), (0, 0, 1)]
    assert found.has_scores
    assert not any(c.scored for c in found.domains[1].changes)


def test_scores_are_never_turned_into_money():
    """No module multiplies a score: only lib.outcomes and cases.outcomes read them, and
    neither imports the costing engine nor the figures."""
    import inspect

    for module in (scales, outcomes):
        source = inspect.getsource(module)
        assert "costing" not in source and "figures" not in source


# lib.charts ---------------------------------------------------------------------------------


def test_the_dumbbell_chart_carries_every_score_in_its_description():
    svg = charts.score_dumbbells(
        "u1",
        "Uitkomsten",
        ["Met", "Zonder"],
        [
            charts.ScoreRow("Financiën", [(1, 3), (1, None)]),
            charts.ScoreRow("Huisvesting", [(None, None), (2, 2)]),
            charts.ScoreRow("Justitie", [(None, None), (None, None)]),
        ],
        1,
        5,
        end_names=["eind", "verwachte eind"],
    )
    root = ElementTree.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img"
    desc = root.find("svg:desc", ns).text
    assert desc == (
        "Scores van 1 tot en met 5, hoger is beter. Financiën: Met van 1 naar 3, Zonder start "
        "1, verwachte eind niet gescoord; Huisvesting: Met niet gescoord, Zonder van 2 naar 2. "
        "Niet gescoord: Justitie."
    )
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "1 → 3" in texts and "1 → –" in texts and "Met (eind)" in texts
    assert "Justitie" not in texts  # a domain nobody scored is in the description only
    # Black and white: the ends are told apart by shape, not colour.
    assert root.find(".//svg:rect[@width='8']", ns) is not None  # Zonder's square end


def test_the_counts_chart_names_every_count():
    svg = charts.change_counts(
        "u2",
        "Hoeveel",
        ["Met", "Zonder"],
        [
            charts.CountRow("Financiën", [(3, 1, 0), (0, 2, 2)]),
            charts.CountRow("Justitie", [(0, 0, 0), (0, 0, 0)]),
        ],
    )
    root = ElementTree.fromstring(svg)
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    assert desc == (
        "Aantal casussen. Financiën: Met 3 beter, 1 gelijk, 0 slechter, "
        "Zonder 0 beter, 2 gelijk, 2 slechter. Niet gescoord: Justitie."
    )
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts.count("2") == 2 and "3" in texts and "0" not in texts
    assert "Justitie" not in texts


def test_anonymising_removes_the_stories_and_keeps_the_scores(evaluation, zrm, owner):
    from cases.retention import anonymise
    from history.models import ChangeRecord
    from history.recorder import record_change

    case = evaluation.cases.get(code="1")
    score = _score(case, evaluation.scenarios.get(code="met"), "Financiën", 1, 3, "Woont bij zus")
    record_change(owner, score, "create")
    counts = anonymise(evaluation)
    assert counts["uitkomstverhalen"] == 1
    score.refresh_from_db()
    assert (score.start, score.end, score.story) == (1, 3, "")
    record = ChangeRecord.objects.get(model="cases.OutcomeScore")
    assert record.after["story"] == "" and record.after["end"] == 3
