"""The evaluation's outcome instrument, chosen by the effectencalculateur."""

import pytest

from cases import outcomes
from cases.models import OutcomeScore
from history.models import ChangeRecord
from lib import outcomes as scales

URL = "/evaluaties/village-deal-test/uitkomsten/"


def test_it_starts_without_an_instrument(client, owner, evaluation):
    client.force_login(owner)
    response = client.get(URL)
    assert 'value="" checked' in response.text.replace('id="id_instrument_0" ', "")
    assert "Zelfredzaamheid-Matrix (ZRM)</strong>: 13 domeinen" in response.text


def test_it_sets_the_zrm(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(URL, {"instrument": "zrm"})
    assert response.status_code == 302
    measure = outcomes.measure_of(evaluation)
    assert measure.instrument == "zrm" and measure.domains.count() == 13


def test_it_sets_own_domains_and_scale(client, owner, evaluation):
    client.force_login(owner)
    data = {"instrument": "eigen", "domains": "Wonen\nWerk\n", "scale_min": "0", "scale_max": "4"}
    client.post(URL, data)
    measure = outcomes.measure_of(evaluation)
    assert list(measure.domains.values_list("name", flat=True)) == ["Wonen", "Werk"]
    assert (measure.scale_min, measure.scale_max) == (0, 4)


def test_it_refuses_own_domains_without_a_list_or_a_scale(client, owner, evaluation):
    client.force_login(owner)
    data = {"instrument": "eigen", "domains": "", "scale_min": "5", "scale_max": "1"}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Noem minstens één domein, één per regel." in response.text
    assert "De hoogste score moet hoger zijn dan de laagste." in response.text
    assert outcomes.measure_of(evaluation) is None


@pytest.fixture
def scored(evaluation):
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    OutcomeScore.objects.create(
        case=evaluation.cases.get(code="1"),
        scenario=evaluation.scenarios.get(code="met"),
        domain=evaluation.outcome_measure.domains.get(name="Huisvesting"),
        start=2,
        end=4,
        story="Een eigen woning",
    )
    return evaluation


def test_it_asks_before_a_change_removes_scores(client, owner, scored):
    client.force_login(owner)
    response = client.post(URL, {"instrument": "positieve-gezondheid"})
    assert response.status_code == 200
    assert "Deze wijziging verwijdert 1 ingevulde score (met hun verhaal)" in response.text
    assert 'name="confirm_loss"' in response.text
    assert outcomes.measure_of(scored).instrument == "zrm"
    assert OutcomeScore.objects.count() == 1
    client.post(URL, {"instrument": "positieve-gezondheid", "confirm_loss": "on"})
    # The history keeps the score that went, and the change of instrument.
    gone = ChangeRecord.objects.get(model="cases.OutcomeScore", action="delete")
    assert gone.before["story"] == "Een eigen woning" and gone.before["end"] == 4
    assert ChangeRecord.objects.filter(model="cases.OutcomeMeasure", action="update").exists()
    scored.refresh_from_db()
    assert outcomes.measure_of(scored).instrument == "positieve-gezondheid"
    assert not OutcomeScore.objects.exists()


def test_a_domain_kept_by_name_keeps_its_scores(client, owner, scored):
    client.force_login(owner)
    data = {"instrument": "eigen", "domains": "Huisvesting", "scale_min": "1", "scale_max": "5"}
    assert client.post(URL, data).status_code == 302
    assert OutcomeScore.objects.get().story == "Een eigen woning"


def test_it_refuses_a_scale_that_leaves_a_score_outside(client, owner, scored):
    client.force_login(owner)
    data = {"instrument": "eigen", "domains": "Huisvesting", "scale_min": "1", "scale_max": "3"}
    response = client.post(URL, data)
    assert "1 score valt buiten deze schaal." in response.text
    scored.refresh_from_db()
    assert outcomes.measure_of(scored).instrument == "zrm"


def test_the_notulist_may_not_choose(client, notulist, evaluation):
    client.force_login(notulist)
    assert client.post(URL, {"instrument": "zrm"}).status_code == 403
    assert outcomes.measure_of(evaluation) is None
