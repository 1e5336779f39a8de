"""lib.textsearch: ranking entries by a few typed letters, and resolving a typed text to one."""

from lib.textsearch import Entry, fold, rank, resolve

ENTRIES = [
    Entry(1, "HA-CONSULT", "Huisartsconsult (gemiddeld)", "Zorg"),
    Entry(2, "HA-VISITE", "Huisartsvisite (gemiddeld)", "Zorg"),
    Entry(3, "SW-WT", "Sociaal werker wijkteam", "Sociaal domein"),
    Entry(4, "SW-WT-AV", "Sociaal werker wijkteam (avond)", "Sociaal domein"),
    Entry(5, "COORD", "Coördinator", "Wmo"),
    Entry(6, "MW", "Maatschappelijk werk", "Sociaal domein"),
]


def keys(query):
    return [hit.key for hit in rank(query, ENTRIES)]


def test_it_folds_case_accents_and_punctuation():
    assert fold("  Coördinator (Wmo) – ÉÉN ") == "coordinator wmo een"


def test_it_ranks_the_code_then_the_name_then_word_starts_then_parts_of_words():
    assert keys("sw-wt")[0] == 3
    assert keys("sociaal werker wijkteam") == [3, 4]
    assert keys("soc") == [3, 4, 6]  # by name, then by category only; list order kept
    assert keys("consult") == [1]  # inside "Huisartsconsult"
    assert [hit.tier for hit in rank("consult", ENTRIES)] == [3]  # the code's word "consult"


def test_a_typo_only_suggests():
    hits = rank("huisartsvisiet", ENTRIES)
    assert hits[0].key == 2 and not hits[0].is_match
    assert rank("xyz", ENTRIES) == []  # too short to guess from


def test_it_resolves_one_meant_entry_or_lists_the_candidates():
    assert resolve("Sociaal werker wijkteam", ENTRIES).key == 3
    assert resolve("coordinator", ENTRIES).key == 5
    assert resolve("HAVISITE", ENTRIES).key == 2
    ambiguous = resolve("huisarts", ENTRIES)
    assert ambiguous.key is None and ambiguous.candidates == (1, 2)
    assert not ambiguous.suggestions_only
    typo = resolve("huisartsvisiet", ENTRIES)
    assert typo.key is None and typo.candidates[0] == 2 and typo.suggestions_only
    assert resolve("", ENTRIES) == resolve("   ", ENTRIES)
    assert resolve("", ENTRIES).key is None
