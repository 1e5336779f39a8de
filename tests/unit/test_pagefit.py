"""The estimate of whether a case's one-page summary fits its page (lib.pagefit), and the
Dutch warning built on it (cases.pagefit)."""

from cases.models import Case
from cases.pagefit import summary_rows, too_long
from lib import pagefit


def case(**texts):
    fields = dict.fromkeys(Case.NARRATIVE_FIELDS, "")
    return Case(code="3", title="Container", **(fields | texts))


def test_it_counts_a_line_per_paragraph_and_wraps_long_ones():
    assert pagefit.text_lines("", 100) == 0
    assert pagefit.text_lines("kort", 100) == 1
    assert pagefit.text_lines("x" * 250, 100) == 3
    assert pagefit.text_lines("een\n\ntwee", 100) == 2 + pagefit.PARAGRAPH_EXTRA
    # A list: each item starts its own line.
    assert pagefit.text_lines("- a\n- b\n- c", 100) == 3


def test_it_lets_a_stein_sized_summary_fit():
    stein_like = case(
        approach="a" * 480,
        intervention="b" * 390,
        without_intervention="c" * 365,
        quality_of_life="d" * 223,
        informal_support="e" * 68,
        integrated_work="f" * 210,
        improvements="g" * 238,
    )
    assert too_long(stein_like, 1) is None


def test_it_warns_of_a_3000_word_narrative_naming_the_case_and_the_field():
    words = " ".join(["gezinsbegeleiding"] * 3000)
    found = too_long(case(approach="Kort.", without_intervention=words), 1)
    assert found is not None
    assert found.field == "zonder interventie"
    assert found.message.startswith(
        "De samenvatting van casus 3 (Container) past niet op één pagina: het veld "
        "‘zonder interventie’ is het langst. Kort de tekst met ongeveer "
    )
    # About everything beyond what the page holds; rounded to hundreds.
    assert 45_000 < found.overflow.excess_chars < 60_000
    assert found.overflow.excess_chars % 100 == 0


def test_it_counts_an_effect_text_at_the_wider_width():
    wide = pagefit.Row("quality_of_life", "kwaliteit van bestaan", "x" * 1000, wide=True)
    narrow = pagefit.Row("approach", "aanpak", "x" * 1000)
    assert pagefit.row_lines(wide) < pagefit.row_lines(narrow)


def test_it_gives_every_werkwijze_beside_the_reference_its_row():
    assert len(summary_rows(case(), 2)) == len(summary_rows(case(), 1)) + 1


def test_it_says_at_least_a_hundred_characters_must_go():
    longest = pagefit.Row("approach", "aanpak", "x")
    overflow = pagefit.Overflow(longest, 39.1, 0.1)
    assert overflow.excess_chars == 100
