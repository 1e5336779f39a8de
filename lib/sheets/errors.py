"""The one error an import raises, and the collector that gathers its messages.

An import never stops at the first problem: every sheet is checked and every message is kept,
so that a user can fix the whole workbook in one go.
"""

from __future__ import annotations

# A workbook full of mistakes would otherwise bury the user (and the page) in messages.
MAX_MESSAGES = 200


class WorkbookError(Exception):
    """A workbook that cannot be imported; ``messages`` holds one Dutch sentence per problem."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


def location(sheet: str | None = None, row: int | None = None, column: str | None = None) -> str:
    """'Blad "tijdlijn", rij 14, kolom "prijscode"' — the parts that are known."""
    parts = []
    if sheet:
        parts.append(f'Blad "{sheet}"')
    if row is not None:
        parts.append(f"rij {row}")
    if column:
        parts.append(f'kolom "{column}"')
    return ", ".join(parts)


class Problems:
    """Collects messages while a workbook is checked; :meth:`raise_if_any` ends the check."""

    def __init__(self):
        self.messages: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.messages)

    def add(self, message: str, sheet=None, row=None, column=None) -> None:
        where = location(sheet, row, column)
        text = f"{where}: {message}" if where else message
        self.messages.append(text if text.endswith((".", "?")) else text + ".")

    def raise_if_any(self) -> None:
        if not self.messages:
            return
        messages = self.messages[:MAX_MESSAGES]
        if len(self.messages) > MAX_MESSAGES:
            hidden = len(self.messages) - MAX_MESSAGES
            messages.append(f"… en nog {hidden} andere fouten.")
        raise WorkbookError(messages)
