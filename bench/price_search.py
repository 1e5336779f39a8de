"""Benchmark of finding a price item by a few typed letters: the candidates side by side, for
speed and for the quality of their results, on the example price list (42 items) and on a
generated list of about 3,000 items.

Candidates (each reads its rows from an SQLite database, as the view would per keystroke):

- ``LIKE``: what the price field did before, ``code``/``name`` containing the text;
- ``FTS5``: SQLite's full-text search, prefix queries, accents removed by its tokenizer;
- ``RapidFuzz WRatio``: RapidFuzz alone, WRatio over code, name and category;
- ``lib.textsearch``: RapidFuzz with word tiers (code, name, word start, inside a word, typo).

PostgreSQL trigrams are not measured here (the candidate that works the same on both
databases was preferred; see lib/textsearch.py).

Quality: per query the items that should come first; a query *passes* when exactly those
items fill the first places (in any order) — an item ranked among them that does not belong,
or one missing, fails it. "opties": how many options a search shows on average (at most 20):
what the notulist has to look through. Speed: the median time of one search, over all queries.

    .venv/bin/python bench/price_search.py [--repeat 20]
"""

import argparse
import csv
import sqlite3
import statistics
import sys
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from lib.textsearch import Entry, fold, rank  # noqa: E402

EXAMPLE = ROOT / "pricelist" / "data" / "prijslijst-voorbeeld.csv"
LIMIT = 20

# query → the codes that should fill the first places (the example list).
EXAMPLE_QUERIES = {
    "huisarts": {"HA-CONSULT", "HA-CONSULT-LANG", "HA-VISITE"},
    "HUISARTS": {"HA-CONSULT", "HA-CONSULT-LANG", "HA-VISITE"},
    "huisarst": {"HA-CONSULT", "HA-CONSULT-LANG", "HA-VISITE"},  # a typo
    "consult": {"HA-CONSULT", "HA-CONSULT-LANG", "POH-GGZ"},
    "soc": {"MW-CONTACT", "BIJSTAND-UITVOERING", "MAATSCH-OPVANG"},  # category Sociaal domein
    "ggz": {"POH-GGZ", "GGZ-BASIS", "GGZ-SPEC", "GGZ-OPNAME-DAG", "GGZ-CRISIS-DAG"},
    "verpleegdag": {"GGZ-OPNAME-DAG", "GGZ-CRISIS-DAG", "ZH-DAG"},
    "ha-visite": {"HA-VISITE"},
    "havisite": {"HA-VISITE"},
    "schuld": {"SCHULDHULP"},
    "delict diefstal": {"DELICT-DIEFSTAL"},
    "huishoudelijke hulp": {"WMO-HH"},
    "politie": {"POLITIE-UUR"},
    "bijstand gezin": {"BIJSTAND-GEZIN-2024-01"},
}

DISCIPLINES = [
    "Sociaal werker",
    "Wijkverpleegkundige",
    "Jeugdconsulent",
    "Klantmanager",
    "Schuldhulpverlener",
    "Coördinator",
    "Cliëntondersteuner",
    "Crèche",
    "Psycholoog",
    "Huisarts",
    "Praktijkondersteuner",
    "Maatschappelijk werker",
    "Ervaringsdeskundige",
    "Gezinscoach",
    "Budgetcoach",
    "Leerplichtambtenaar",
    "Wijkagent",
    "Woonconsulent",
    "Re-integratiecoach",
    "Vrijwilligerscoördinator",
]
SETTINGS = [
    "wijkteam",
    "gemeente",
    "zorginstelling",
    "thuis",
    "op locatie",
    "jeugdteam",
    "GGD",
    "corporatie",
    "school",
    "buurthuis",
]
VARIANTS = [
    "",
    "avond",
    "weekend",
    "spoed",
    "groep",
    "intake",
    "nazorg",
    "telefonisch",
    "gemiddeld",
    "senior",
    "junior",
    "2023",
    "2024",
    "inclusief reistijd",
    "extern",
]
CATEGORIES = ["Sociaal domein", "Zorg", "Wmo", "Jeugd", "Werk en inkomen", "Wonen", "Veiligheid"]

GENERATED_QUERIES = {
    "soc wijkteam": {"GEN-0000-00"},  # "Sociaal werker wijkteam" before its variants
    "Sociaal werker wijkteam": {"GEN-0000-00"},  # the whole name: that item, not its variants
    "coordinator wijkteam": {"GEN-0500-00"},
    "GEN-0101-03": {"GEN-0101-03"},
    "creche school": {"GEN-0708-00"},
    "clientondersteuner thuis spoed": {"GEN-0603-03"},
    "wijkverpleegkundge gemeente avond": {"GEN-0101-01"},  # a typo
}


def example_rows() -> list[tuple[str, str, str]]:
    with EXAMPLE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [(row["code"], row["omschrijving"], row["categorie"]) for row in rows]


def generated_rows() -> list[tuple[str, str, str]]:
    rows = example_rows()
    for (d, discipline), (s, setting), (v, variant) in product(
        enumerate(DISCIPLINES), enumerate(SETTINGS), enumerate(VARIANTS)
    ):
        name = f"{discipline} {setting}" + (f" ({variant})" if variant else "")
        category = CATEGORIES[(d + s) % len(CATEGORIES)]
        rows.append((f"GEN-{d:02d}{s:02d}-{v:02d}", name, category))
    return rows


def database(rows) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE item (position INTEGER, code TEXT, name TEXT, category TEXT)")
    db.execute(
        "CREATE VIRTUAL TABLE item_fts USING fts5(code, name, category, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.executemany("INSERT INTO item VALUES (?, ?, ?, ?)", [(n, *r) for n, r in enumerate(rows)])
    db.executemany(
        "INSERT INTO item_fts (rowid, code, name, category) VALUES (?, ?, ?, ?)",
        [(n, *r) for n, r in enumerate(rows)],
    )
    return db


def search_like(db, query):
    pattern = f"%{query}%"
    rows = db.execute(
        "SELECT code FROM item WHERE code LIKE ? OR name LIKE ? ORDER BY position LIMIT ?",
        (pattern, pattern, LIMIT),
    )
    return [code for (code,) in rows]


def search_fts5(db, query):
    tokens = fold(query).split()
    if not tokens:
        return []
    match = " AND ".join(f'"{token}"*' for token in tokens)
    rows = db.execute(
        "SELECT code FROM item_fts WHERE item_fts MATCH ? ORDER BY bm25(item_fts) LIMIT ?",
        (match, LIMIT),
    )
    return [code for (code,) in rows]


def search_wratio(db, query):
    rows = db.execute("SELECT code, name, category FROM item ORDER BY position").fetchall()
    texts = [fold(" ".join(row)) for row in rows]
    found = process.extract(fold(query), texts, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=60)
    return [rows[index][0] for _text, _score, index in found]


def search_textsearch(db, query):
    rows = db.execute("SELECT code, name, category FROM item ORDER BY position").fetchall()
    entries = [Entry(code, code, name, category) for code, name, category in rows]
    return [hit.key for hit in rank(query, entries, limit=LIMIT)]


CANDIDATES = {
    "LIKE (voorheen)": search_like,
    "SQLite FTS5": search_fts5,
    "RapidFuzz WRatio": search_wratio,
    "lib.textsearch": search_textsearch,
}


def passes(found: list[str], expected: set[str]) -> bool:
    return set(found[: len(expected)]) == expected


def measure(label, rows, queries, repeat):
    db = database(rows)
    print(f"\n{label}: {len(rows)} prijsitems, {len(queries)} zoekvragen, mediaan van {repeat}×")
    print(
        f"  {'kandidaat':<20} {'goed':>6} {'opties':>7} {'ms/zoekvraag':>13} {'max ms':>8}  gemist"
    )
    for name, search in CANDIDATES.items():
        good, missed, times, shown = 0, [], [], []
        for query, expected in queries.items():
            found = search(db, query)
            shown.append(len(found))
            if passes(found, expected):
                good += 1
            else:
                missed.append(query)
            per_query = []
            for _ in range(repeat):
                start = time.perf_counter()
                search(db, query)
                per_query.append(time.perf_counter() - start)
            times.append(statistics.median(per_query))
        print(
            f"  {name:<20} {good:>3}/{len(queries):<2} {statistics.mean(shown):>7.1f}"
            f" {statistics.median(times) * 1000:>13.2f}"
            f" {max(times) * 1000:>8.2f}  {', '.join(missed) or '–'}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    measure("Voorbeeldlijst", example_rows(), EXAMPLE_QUERIES, args.repeat)
    # Queries whose words the generated names share ("Huisarts wijkteam", "Sociaal werker")
    # have no single right answer there; the others keep theirs.
    shared = {"huisarts", "HUISARTS", "huisarst", "soc"}
    kept = {query: codes for query, codes in EXAMPLE_QUERIES.items() if query not in shared}
    measure(
        "Gegenereerde lijst", generated_rows(), kept | GENERATED_QUERIES, max(3, args.repeat // 4)
    )


if __name__ == "__main__":
    main()
