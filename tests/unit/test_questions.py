"""Research questions paired with their short answers (lib.questions), for the samenvatting."""

from lib.questions import Answered, entries, pair, surplus_problem


def test_it_takes_each_list_item_as_one_entry():
    text = "De vragen zijn:\n\n1. Wat kost het?\n2) Wie betaalt\n   en wie bespaart?\n- Werkt het?"
    assert entries(text) == ["Wat kost het?", "Wie betaalt en wie bespaart?", "Werkt het?"]


def test_without_a_list_it_takes_each_paragraph():
    assert entries("Wat kost het?\n\nWie betaalt\ndat?\n") == ["Wat kost het?", "Wie betaalt dat?"]
    assert entries("") == []
    assert entries("   \n\n ") == []


def test_it_pairs_the_nth_answer_with_the_nth_question():
    found = pair("1. Wat kost het?\n2. Wie betaalt?\n3. Werkt het?", "1. € 100.\n2. De gemeente.")
    assert found == [
        Answered("Wat kost het?", "€ 100."),
        Answered("Wie betaalt?", "De gemeente."),
        Answered("Werkt het?", ""),
    ]
    assert [a.is_answered for a in found] == [True, True, False]


def test_it_tells_more_answers_than_questions_in_dutch():
    assert surplus_problem("1. Wat kost het?", "1. Veel.\n2. Weinig.") == (
        "Er staan 2 antwoorden maar 1 onderzoeksvraag: geef één antwoord per vraag, "
        "in dezelfde volgorde."
    )
    assert surplus_problem("1. A?\n2. B?", "1. Ja.") == ""
