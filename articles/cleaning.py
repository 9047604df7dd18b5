"""Cleaning of imported text: a pure function, str in, dataclasses out.

What it fixes, and only that (clean text comes out unchanged):
- line ends: ``\\r\\n`` and ``\\r`` become ``\\n``;
- OCR debris where a space or a line break was: the glyphs ``⊠ ☑ ■`` (and their look-alikes),
  and LaTeX fragments such as ``\\(\\mathbb{Z}\\)``; the debris and the spaces around it become
  one space (or nothing at the start or end of a line, or before closing punctuation);
- invisible characters that break search and offsets: zero-width spaces and joiners, a stray
  byte-order mark, and C0/C1 control characters other than tab and newline;
- a paragraph break inside a sentence, as OCR and page layout leave it: a blank line between a
  line that ends with a lowercase letter or a comma and one that starts with a lowercase letter
  (``began at\n\nsundown``) becomes one space;
- Unicode normalisation to NFC.
Runs of spaces that were already in the text are kept: some sources (BBC) use them on purpose.
Every fix is recorded with its offsets in the input text.
"""

import re
import unicodedata
from dataclasses import dataclass

# Glyphs that OCR and PDF extraction leave where whitespace was; none belongs in news prose.
DEBRIS_GLYPHS = "\u22a0\u2611\u2610\u2612\u25a0\u25a1\u25aa\u25ab\u25fc\u25fb\ufffc"
_LATEX = r"\\\((?:[^()\n\\]|\\[A-Za-z]+|[{}]|\([^()\n]{0,20}\)){1,40}?\\\)"
_DEBRIS = re.compile(rf"[ \t]*(?:[{DEBRIS_GLYPHS}]|{_LATEX})(?:[ \t]*(?:[{DEBRIS_GLYPHS}]|{_LATEX}))*[ \t]*")
_INVISIBLE_CLASS = "\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")
_NEWLINES = re.compile(r"\r\n?")
# A blank line between "...began at" and "sundown on...": no sentence ends there.
_BROKEN_SENTENCE = re.compile(r"(?<=[a-z,])[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*(?=[a-z])")
_BROKEN_HINT = re.compile(r"\n[ \t]*(?:\r?\n[ \t]*)+[a-z]")  # 40 times cheaper: a paragraph opening in lowercase
# A cheap first look: any character that could start a fix.
_TRIGGER = re.compile(f"[\r\\\\{DEBRIS_GLYPHS}{_INVISIBLE_CLASS}]")
_ANY_FIX = re.compile(
    f"(?P<broken>{_BROKEN_SENTENCE.pattern})|{_NEWLINES.pattern}|{_DEBRIS.pattern}|{_INVISIBLE.pattern}"
)
_CLOSING = set(",.;:!?)]}”’")

REASON_LINE_ENDS = "line ends normalised to \\n"
REASON_DEBRIS = "OCR debris removed"
REASON_LATEX = "LaTeX fragment removed (OCR debris)"
REASON_INVISIBLE = "invisible or control character removed"
REASON_NFC = "Unicode normalised to NFC"
REASON_BROKEN_SENTENCE = "paragraph break inside a sentence joined"


@dataclass(frozen=True, slots=True)
class Fix:
    """One change: ``before`` at ``start:end`` of the input became ``after``."""

    start: int
    end: int
    before: str
    after: str
    reason: str
    count: int = 1  # > 1 when many identical fixes are summarised in one entry

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    fixes: tuple[Fix, ...]

    @property
    def changed(self) -> bool:
        return bool(self.fixes)


def clean_text(raw: str) -> Cleaned:
    """Return the cleaned text and the list of fixes (offsets refer to ``raw``)."""
    fixes: list[Fix] = []
    text = _substitute(raw, fixes)
    nfc = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    if nfc is not text:
        changed = sum(1 for a, b in zip(text, nfc, strict=False) if a != b) or 1
        fixes.append(Fix(0, len(raw), "", "", REASON_NFC, count=changed))
    return Cleaned(nfc, tuple(fixes))


def _substitute(raw: str, fixes: list[Fix]) -> str:
    """One pass over the input so that every fix's offsets refer to the input itself."""
    if not _TRIGGER.search(raw) and not (_BROKEN_HINT.search(raw) and _BROKEN_SENTENCE.search(raw)):
        return raw  # the common case: clean text, untouched
    pieces: list[str] = []
    position = 0
    newline_fixes: list[tuple[int, int]] = []
    for match in _all_matches(raw):
        start, end = match.span()
        pieces.append(raw[position:start])
        before = match.group()
        if match.lastgroup == "broken":
            after, reason = " ", REASON_BROKEN_SENTENCE
            fixes.append(Fix(start, end, before, after, reason))
        elif before.startswith("\r"):
            after, reason = "\n", REASON_LINE_ENDS
            newline_fixes.append((start, end))
        elif _INVISIBLE.fullmatch(before):
            after, reason = "", REASON_INVISIBLE
            fixes.append(Fix(start, end, before, after, reason))
        else:
            after = _debris_replacement(raw, start, end)
            reason = REASON_LATEX if "\\(" in before else REASON_DEBRIS
            fixes.append(Fix(start, end, before, after, reason))
        pieces.append(after)
        position = end
    pieces.append(raw[position:])
    if newline_fixes:
        first_start, first_end = newline_fixes[0]
        fixes.append(
            Fix(first_start, first_end, raw[first_start:first_end], "\n", REASON_LINE_ENDS, len(newline_fixes))
        )
    fixes.sort(key=lambda fix: fix.start)
    return "".join(pieces)


def _all_matches(raw: str):
    return _ANY_FIX.finditer(raw)


def _debris_replacement(raw: str, start: int, end: int) -> str:
    left = raw[start - 1] if start > 0 else "\n"
    right = raw[end] if end < len(raw) else "\n"
    if left in "\r\n" or right in "\r\n" or right in _CLOSING:
        return ""
    return " "
