"""Durations as the notulist types them ("2,5 uur", "2:30", "150 min") and as every screen
writes them back ("2 uur 30 min"): lib.dutch.parse_minutes and lib.dutch.duration."""

import pytest

from lib import dutch


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("150", 150),
        ("  150  ", 150),
        ("150 min", 150),
        ("150min", 150),
        ("150 minuten", 150),
        ("1 minuut", 1),
        ("90m", 90),
        ("2,5 uur", 150),
        ("2.5 uur", 150),
        ("2,5 UUR", 150),
        ("1,5u", 90),
        ("1,5 u", 90),
        ("2 uur", 120),
        ("3 uren", 180),
        ("2h", 120),
        ("0,25 uur", 15),
        ("2:30", 150),
        ("0:45", 45),
        ("10:05", 605),
        ("1 uur 15 min", 75),
        ("1 uur en 15 minuten", 75),
        ("1u15", 75),
        ("1u 15m", 75),
        ("1 uur 15", 75),
        ("0", 0),
    ],
)
def test_it_reads_a_duration_in_every_form(text, minutes):
    assert dutch.parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul een duur in."),
        ("twee uur", "“twee uur” is geen duur die ik kan lezen. Schrijf bijvoorbeeld 2,5 uur"),
        ("2 dagen", "“2 dagen” is geen duur die ik kan lezen."),
        ("-30", "“-30” is geen duur die ik kan lezen."),
        ("1 2", "“1 2” is geen duur die ik kan lezen."),
        ("2:75", "“2:75”: een uur heeft 60 minuten"),
        ("15 min 1 uur", "noem eerst de uren en dan de minuten, elk één keer"),
        ("2 uur 3 uur", "noem eerst de uren en dan de minuten, elk één keer"),
        ("2,51 uur", "“2,51 uur” is 150,6 minuten; vul een heel aantal minuten in."),
        ("2,5", "“2,5” is 2,5 minuten; vul een heel aantal minuten in."),
    ],
)
def test_it_refuses_what_it_cannot_read_in_dutch(text, message):
    with pytest.raises(dutch.EntryError) as refused:
        dutch.parse_minutes(text)
    assert str(refused.value).startswith(message) or message in str(refused.value)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(150, "2 uur 30 min"), (45, "45 min"), (120, "2 uur"), (0, "0 min"), (None, "")],
)
def test_it_writes_a_duration_back_in_dutch(minutes, text):
    assert dutch.duration(minutes) == text


@pytest.mark.parametrize("minutes", [0, 1, 59, 60, 61, 150, 1440])
def test_what_it_writes_it_reads_back(minutes):
    assert dutch.parse_minutes(dutch.duration(minutes)) == minutes
