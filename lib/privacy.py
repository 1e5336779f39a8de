"""The privacy guard: finds what identifies a person in free text before it is saved.

Cases are about vulnerable residents, and their codes and titles are pseudonymous by design;
a description or narrative must not undo that. This module only finds; the forms decide to
warn, and an effectencalculateur may confirm that a finding is not personal data.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str  # Dutch, as the user reads it
    text: str


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A postcode with the house number after it ("6171 AB 12") or, as an address is written,
# before it ("Dorpsstraat 5, 6171 AB").
POSTCODE_HOUSE_NUMBER = re.compile(
    r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b[\s,]+(?:huisnummer\s)?\d{1,5}(?:\s?[a-zA-Z]\b)?"
    r"|\b\d{1,5}(?:\s?[a-zA-Z])?,?\s+[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b"
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
# Numbers stand alone: not inside a word, an amount ("1.171,78") or a longer number, but a
# comma or full stop after them is just punctuation ("BSN 111222333, tel …").
_ALONE_BEFORE = r"(?<![\w.])(?<!\d,)"
_ALONE_AFTER = r"(?!\w|[.,]\d)"
# A Dutch phone number: 0 or +31/0031, then nine digits, in groups split by spaces or dashes.
PHONE = re.compile(
    _ALONE_BEFORE + r"(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){8}" + _ALONE_AFTER
)
BSN = re.compile(_ALONE_BEFORE + r"\d{3}\.?\d{3}\.?\d{3}" + _ALONE_AFTER)


def passes_eleven_test(digits: str) -> bool:
    """The 11-proef of a burgerservicenummer: 9·d1 + 8·d2 + … + 2·d8 − d9 is divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def valid_iban(candidate: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 is 1."""
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def find_personal_data(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like it identifies a person, in order of appearance.

    Patterns are tried from the most to the least specific; a match inside an earlier one
    (the digits of an IBAN that also look like a phone number) is not reported twice.
    """
    if not text:
        return []
    checks = (
        ("e-mailadres", EMAIL, None),
        ("IBAN", IBAN, valid_iban),
        ("postcode met huisnummer", POSTCODE_HOUSE_NUMBER, None),
        ("BSN", BSN, lambda found: passes_eleven_test(found.replace(".", ""))),
        ("telefoonnummer", PHONE, None),
    )
    found: list[tuple[int, int, Finding]] = []
    for kind, pattern, valid in checks:
        for match in pattern.finditer(text):
            start, end = match.span()
            if valid and not valid(match.group()):
                continue
            if any(start < other_end and other_start < end for other_start, other_end, _ in found):
                continue
            found.append((start, end, Finding(kind, match.group())))
    return [finding for _, _, finding in sorted(found, key=lambda triple: triple[0])]


def warning(findings: list[Finding]) -> str:
    """One Dutch sentence naming what was found."""
    named = ", ".join(f"{f.kind} “{f.text}”" for f in findings)
    return (
        f"Deze tekst lijkt persoonsgegevens te bevatten: {named}. Haal ze weg of pas ze aan; "
        "een casus wordt alleen met codes en titels beschreven."
    )
