"""Finding an entry (a price item) by a few typed letters of its code, its name or its category,
ranked, ignoring case and accents ("coordinator" finds "Coördinator").

Chosen from measurements (``bench/price_search.py``): RapidFuzz over the list held in memory
gave the best results on both SQLite and PostgreSQL with one implementation, and a list of
3,000 items is ranked in a few milliseconds. The database's own text search (SQLite FTS5,
PostgreSQL trigrams) would need a second implementation per database, a shadow table or an
extension, and FTS5 does not find a word inside a compound ("consult" in "Huisartsconsult").

Ranks, best first (a higher tier always wins; within a tier RapidFuzz's WRatio decides):

5. the code itself;
4. the whole name;
3. every typed word starts a word of the code, name or category ("soc" → "Sociaal werker");
2. every typed word is inside the code, name or category ("consult" → "Huisartsconsult");
1. close to it despite a typo ("huisarst"): a suggestion only, never taken by itself.

Tiers 2 and up are *matches*; :func:`resolve` takes a typed text to one entry only when one
match is clearly meant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

MATCH = 2  # the lowest tier that counts as found; below it only suggestions
FUZZY_CUTOFF = 80  # RapidFuzz partial_ratio from which a typo still suggests an entry
FUZZY_MIN_LETTERS = 4  # fewer letters are too short to guess a typo from
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case without accents, words separated by single spaces: "Coördinator (Wmo)" →
    "coordinator wmo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", plain.casefold()).strip()


@dataclass(frozen=True)
class Entry:
    key: Hashable
    code: str
    name: str
    category: str = ""


@dataclass(frozen=True)
class Hit:
    key: Hashable
    tier: int
    score: float

    @property
    def is_match(self) -> bool:
        return self.tier >= MATCH


@lru_cache(maxsize=65536)
def _prepared(code: str, name: str, category: str) -> tuple[str, str, str]:
    """An entry's folded code and name, and one text to search: code, name, category, and
    the code once more as one word ("HA-VISITE" is also typed "havisite"). Cached: every
    keystroke searches the same list again."""
    folded_code, folded_name = fold(code), fold(name)
    joined_code = folded_code.replace(" ", "")
    text = " ".join((folded_code, folded_name, fold(category), joined_code))
    return folded_code, folded_name, " " + text


def _tier(prepared: tuple[str, str, str], query: str, starts: list, tokens: list[str]) -> int:
    code, name, text = prepared
    if query in (code, code.replace(" ", "")):
        return 5
    if query == name:
        return 4
    if all(start in text for start in starts):
        return 3
    if all(token in text for token in tokens):
        return 2
    return 0


def rank(query: str, entries: Iterable[Entry], limit: int | None = 20) -> list[Hit]:
    """The entries that match ``query`` (tiers 2–5), best first; when none does, the ones
    close to it despite a typo (tier 1). Entries keep their given order within equal scores."""
    # Imported at the first search, not at start-up: 7 MB and 60 ms for every process.
    from rapidfuzz import fuzz, process

    folded = fold(query)
    if not folded:
        return []
    tokens = folded.split()
    # The text starts with a space and separates words by one: " soc" is a word's start.
    starts = [" " + token for token in tokens]
    entries = list(entries)
    prepared = [_prepared(entry.code, entry.name, entry.category) for entry in entries]
    hits = [
        (entry, item, tier)
        for entry, item in zip(entries, prepared, strict=True)
        if (tier := _tier(item, folded, starts, tokens))
    ]
    if not hits and len(folded.replace(" ", "")) >= FUZZY_MIN_LETTERS:
        fuzzy = process.extract(
            folded,
            [item[2] for item in prepared],
            scorer=fuzz.partial_ratio,
            score_cutoff=FUZZY_CUTOFF,
            limit=None,
        )
        hits = [(entries[index], prepared[index], 1) for _text, _score, index in fuzzy]
    scored = [
        (Hit(entry.key, tier, fuzz.WRatio(folded, item[1]) if tier < 5 else 100.0), item[1])
        for entry, item, tier in hits
    ]
    # Within a tier, an item whose name holds the words before one found by its code or
    # category alone; then the closer name. sort() is stable: ties keep the list's order.
    scored.sort(
        key=lambda pair: (
            -pair[0].tier,
            not all(start in " " + pair[1] for start in starts),
            -pair[0].score,
        )
    )
    found = [hit for hit, _name in scored]
    return found if limit is None else found[:limit]


@dataclass(frozen=True)
class Resolution:
    """What a typed text names: ``key`` when one entry is clearly meant, else the
    ``candidates`` (matches, or suggestions when nothing matched) for the user to pick from."""

    key: Hashable | None
    candidates: tuple[Hashable, ...] = ()
    suggestions_only: bool = False


def resolve(query: str, entries: Iterable[Entry], limit: int = 8) -> Resolution:
    """The one entry a typed text means: its code or whole name, or the only entry that
    matches. Several matches are ambiguous; a typo never picks an entry by itself."""
    hits = rank(query, entries, limit=None)
    matches = [hit for hit in hits if hit.is_match]
    if matches and matches[0].tier >= 4 and (len(matches) == 1 or matches[1].tier < 4):
        return Resolution(matches[0].key)
    if len(matches) == 1:
        return Resolution(matches[0].key)
    if matches:
        return Resolution(None, tuple(hit.key for hit in matches[:limit]))
    return Resolution(None, tuple(hit.key for hit in hits[:limit]), suggestions_only=True)
