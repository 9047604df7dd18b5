"""Spreadsheet-safe CSV cells: formula injection neutralised, reversibly.

A spreadsheet runs a cell that starts with ``= + - @`` (and, in some, tab, carriage return or NUL)
as a formula. Following OWASP, such cells get a leading ``'``, which spreadsheets show as "text".
So that an import can undo this exactly, a text that itself starts with ``'`` followed by one of
those characters (or another ``'``) gets the same prefix; every other cell is left as it is.
"""

TRIGGERS = frozenset("=+-@\t\r\0")
_AFTER_QUOTE = TRIGGERS | {"'"}
FIRST_CHARS = _FIRST = TRIGGERS | {"'"}  # a cell that starts otherwise is never changed


def neutralise(text: str) -> str:
    """The cell as written: ``'`` added before a formula trigger (or before an escaped-looking ``'``)."""
    first = text[:1]
    if first in _FIRST and (first != "'" or text[1:2] in _AFTER_QUOTE):
        return "'" + text
    return text


def restore(cell: str) -> str:
    """Undo ``neutralise``: ``restore(neutralise(text)) == text`` for every text."""
    if cell[:1] == "'" and cell[1:2] in _AFTER_QUOTE:
        return cell[1:]
    return cell
