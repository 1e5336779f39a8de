import pytest
from django.conf import settings


@pytest.mark.django_db
def test_it_runs_on_a_real_database():
    from pricelist.models import create_organisation

    org = create_organisation("Test")
    assert org.financiers.count() == 16
    assert settings.LANGUAGE_CODE == "nl"
