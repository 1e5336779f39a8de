"""The privacy guard finds what identifies a person and leaves ordinary case text alone."""

import pytest

from lib.privacy import find_personal_data, passes_eleven_test, valid_iban, warning


def kinds(text):
    return [finding.kind for finding in find_personal_data(text)]


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "123.456.782"])
def test_it_finds_a_bsn_that_passes_the_eleven_test(bsn):
    assert kinds(f"Cliënt met BSN {bsn} meldt zich") == ["BSN"]


def test_it_ignores_nine_digits_that_fail_the_eleven_test():
    assert passes_eleven_test("123456789") is False
    assert kinds("Dossiernummer 123456789") == []


@pytest.mark.parametrize(
    "text",
    ["mail: j.jansen@example.nl", "via wijkteam+stein@gemeente-stein.nl."],
)
def test_it_finds_email_addresses(text):
    assert kinds(text) == ["e-mailadres"]


@pytest.mark.parametrize(
    "phone", ["06-12345678", "06 1234 5678", "+31 6 12345678", "046-4123456", "0031612345678"]
)
def test_it_finds_dutch_phone_numbers(phone):
    assert kinds(f"Bel haar op {phone} na vijven") == ["telefoonnummer"]


@pytest.mark.parametrize(
    "address", ["6171 AB 12", "6171AB 12a", "6171 AB, 3", "Dorpsstraat 5, 6171 AB", "12a 6171AB"]
)
def test_it_finds_a_postcode_with_a_house_number(address):
    assert kinds(f"Woont op {address} in Stein") == ["postcode met huisnummer"]


def test_it_finds_numbers_followed_by_punctuation():
    text = "Mevrouw (BSN 111222333, tel 06-12345678, Dorpsstraat 5, 6171 AB) belt. Of 046-4359111."
    assert kinds(text) == ["BSN", "telefoonnummer", "postcode met huisnummer", "telefoonnummer"]


def test_it_finds_a_valid_iban_and_ignores_an_invalid_one():
    assert valid_iban("NL91ABNA0417164300")
    assert kinds("Betaald vanaf NL91 ABNA 0417 1643 00") == ["IBAN"]
    assert kinds("Betaald vanaf NL92ABNA0417164300") == []


@pytest.mark.parametrize(
    "text",
    [
        "Melding: tandartsrekening van € 1.171,78, waarvan € 735,08 vergoed",
        "Periode 01-09-2016 tot 2018-06-01, 2 uur per week",
        "Kosten € 142.235 voor gezinsondersteuning",
        "Casus 3: container van 480 euro, 12 uur klantmanager",
        "Postcodegebied 6171 is landelijk",
        "Bedragen 111222333,50 en 1,111222333 en 0612345678,25 zijn geen nummers van mensen",
        "In 2017 5 keer, 12 uur totaal",
    ],
)
def test_it_leaves_ordinary_case_text_alone(text):
    assert find_personal_data(text) == []


def test_it_names_every_finding_in_order_in_one_dutch_warning():
    findings = find_personal_data("Mail a@b.nl of bel 06-12345678")
    assert [f.kind for f in findings] == ["e-mailadres", "telefoonnummer"]
    text = warning(findings)
    assert "e-mailadres “a@b.nl”" in text
    assert "telefoonnummer “06-12345678”" in text
