"""Research questions and their short answers, as the bestuurlijke samenvatting pairs them.

Both are free text the effectencalculateur writes (Markdown): the questions in the
evaluation's chapter *Onderzoeksvragen*, the answers in its field *korte antwoorden*. Where
either is a list (``1. …``, ``2) …``, ``- …``), each list item is one entry and a line before
the first item (an introduction such as "De vragen zijn:") is no entry; otherwise each
paragraph is one. The n-th answer belongs to the n-th question: a question without one is
shown as not yet answered, and more answers than questions is a mistake the form refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A Markdown list item: "- ", "* ", "+ ", "1. " or "1) " at the start of a line.
ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")


def entries(text: str) -> list[str]:
    """The questions (or answers) in ``text``, in order, each on one line."""
    lines = text.strip().splitlines()
    if any(ITEM.match(line) for line in lines):
        found: list[str] = []
        for line in lines:
            if ITEM.match(line):
                found.append(ITEM.sub("", line, count=1).strip())
            elif line.strip() and found:
                # A continuation line of the item above.
                found[-1] = f"{found[-1]} {line.strip()}"
        return [entry for entry in found if entry]
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return [" ".join(p.split()) for p in paragraphs if p.strip()]


@dataclass(frozen=True)
class Answered:
    question: str
    answer: str  # empty: not answered yet

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)


def pair(questions: str, answers: str) -> list[Answered]:
    """Each question with its short answer (empty where there is none yet)."""
    given = entries(answers)
    return [
        Answered(question, given[index] if index < len(given) else "")
        for index, question in enumerate(entries(questions))
    ]


def surplus_problem(questions: str, answers: str) -> str:
    """A Dutch sentence when there are more answers than questions, else ''."""
    asked, given = len(entries(questions)), len(entries(answers))
    if given <= asked:
        return ""
    vragen = "onderzoeksvraag" if asked == 1 else "onderzoeksvragen"
    return (
        f"Er staan {given} antwoorden maar {asked} {vragen}: geef één antwoord per vraag, "
        "in dezelfde volgorde."
    )
