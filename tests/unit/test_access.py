"""The one access helper and where a role comes from (accounts.access, cases.access): the
role in the evaluation, else the organisation's; the object and the role, or a refusal."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import CHAIRS, EDITORS, READERS, Role, permissions
from cases.access import chairs, get_case, get_evaluation, get_item, people, visible_evaluations
from cases.models import EvaluationMember

pytestmark = pytest.mark.django_db


def test_it_returns_the_evaluation_and_the_organisations_role(evaluation, notulist):
    assert get_evaluation(notulist, evaluation.slug) == (evaluation, Role.NOTULIST)


def test_a_role_in_the_evaluation_overrides_the_organisations(evaluation, beleidsmedewerker):
    EvaluationMember.objects.create(
        evaluation=evaluation, user=beleidsmedewerker, role=Role.NOTULIST
    )
    case, role = get_case(beleidsmedewerker, evaluation.slug, "1", EDITORS)
    assert (case.code, role) == ("1", Role.NOTULIST)


def test_someone_invited_into_the_evaluation_alone_has_that_role_there(evaluation, outsider):
    EvaluationMember.objects.create(evaluation=evaluation, user=outsider, role=Role.NOTULIST)
    assert get_evaluation(outsider, evaluation.slug)[1] == Role.NOTULIST
    assert list(visible_evaluations(outsider)) == [evaluation]


def test_a_role_outside_the_set_is_refused_with_the_sets_words(evaluation, beleidsmedewerker):
    with pytest.raises(PermissionDenied, match=EDITORS.refusal):
        get_case(beleidsmedewerker, evaluation.slug, "1", EDITORS)
    with pytest.raises(PermissionDenied, match=CHAIRS.refusal):
        get_evaluation(beleidsmedewerker, evaluation.slug, CHAIRS)


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_without_a_role_the_evaluation_is_not_found(evaluation, outsider, who):
    user = outsider if who == "outsider" else AnonymousUser()
    with pytest.raises(Http404):
        get_evaluation(user, evaluation.slug, READERS)


def test_an_item_of_another_case_is_not_found(evaluation, notulist):
    other = evaluation.cases.get(code="2").items.first()
    with pytest.raises(Http404):
        get_item(notulist, evaluation.slug, "1", other.pk)
    item, role = get_item(notulist, evaluation.slug, "2", other.pk)
    assert (item, role, item.case.evaluation) == (other, Role.NOTULIST, evaluation)


def test_people_and_chairs_say_everyones_role_with_where_it_comes_from(
    evaluation, owner, notulist, beleidsmedewerker, outsider
):
    invited = EvaluationMember.objects.create(
        evaluation=evaluation, user=outsider, role=Role.EFFECTENCALCULATEUR
    )
    found = {p.user.username: (p.role, p.member) for p in people(evaluation)}
    assert found == {
        "beleid": (Role.BELEIDSMEDEWERKER, None),
        "buitenstaander": (Role.EFFECTENCALCULATEUR, invited),
        "eigenaar": (Role.EFFECTENCALCULATEUR, None),
        "notulist": (Role.NOTULIST, None),
    }
    assert [p.user for p in chairs(evaluation)] == [outsider, owner]


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.EFFECTENCALCULATEUR, {"may_edit": True, "may_chair": True}),
        (Role.NOTULIST, {"may_edit": True, "may_chair": False}),
        (Role.BELEIDSMEDEWERKER, {"may_edit": False, "may_chair": False}),
    ],
)
def test_templates_get_what_a_role_may_do(role, may):
    assert permissions(role) == may
