"""Re-anchoring spans after an article body is corrected: a pure function, no database.

Each span is looked for by its exact text in the new body. Where the text occurs more than
once, the occurrence whose surroundings best match the span's prefix and suffix wins, and among
equals the one nearest the span's old position, carried over to the new body through a diff of
the two bodies. A span whose text is gone, or that could be any of several places far from where
it was, is not placed: the caller flags it orphaned (never deletes it).
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from articles.spans import CONTEXT_CHARS, context_of

# Context that matches on fewer characters than this (a space, a full stop) recognises nothing.
MIN_CONTEXT_CHARS = 6
# Without recognisable context, an occurrence this close to where the span should be is still taken.
NEARBY_CHARS = 2 * CONTEXT_CHARS


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str = ""  # context before and after; taken from the old body when not given
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    start: int | None  # None: not found, the span is orphaned
    end: int | None

    @property
    def orphaned(self) -> bool:
        return self.start is None


def reanchor(old_body: str, new_body: str, anchors: Sequence[Anchor]) -> list[Placement]:
    """Where each anchor's text is in ``new_body``, in the order given."""
    carry = OffsetMap(old_body, new_body)
    return [_place(old_body, new_body, anchor, carry) for anchor in anchors]


def _place(old_body: str, new_body: str, anchor: Anchor, carry: "OffsetMap") -> Placement:
    exact = anchor.exact
    if not exact:
        return Placement(None, None)
    prefix, suffix = anchor.prefix, anchor.suffix
    if not prefix and not suffix and old_body[anchor.start : anchor.end] == exact:
        prefix, suffix = context_of(old_body, anchor.start, anchor.end)
    expected = carry(anchor.start)
    occurrences = list(_occurrences(new_body, exact))
    if not occurrences:
        return Placement(None, None)
    scored = [(_context_score(new_body, at, len(exact), prefix, suffix), -abs(at - expected), at) for at in occurrences]
    context, nearness, at = max(scored)
    recognised = context >= min(MIN_CONTEXT_CHARS, len(prefix) + len(suffix))
    if not recognised and len(occurrences) > 1 and -nearness > NEARBY_CHARS:
        return Placement(None, None)  # several candidates, none recognisably the one
    return Placement(at, at + len(exact))


def _occurrences(text: str, needle: str):
    at = text.find(needle)
    while at != -1:
        yield at
        at = text.find(needle, at + 1)


def _context_score(body: str, at: int, length: int, prefix: str, suffix: str) -> int:
    before = body[max(0, at - len(prefix)) : at]
    after = body[at + length : at + length + len(suffix)]
    return _common_suffix(prefix, before) + _common_prefix(suffix, after)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


class OffsetMap:
    """Carries an offset of the old body to the new one, through a line diff of the two.

    Inside unchanged lines the mapping is exact; inside a changed block, offsets in the block's
    common beginning or end keep their distance to it, the rest go to the start of the change.
    """

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self.old_starts = _line_starts(old)
        self.new_starts = _line_starts(new)
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        self.opcodes = SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
        self.op_starts = [self.old_starts[i1] for _, i1, _, _, _ in self.opcodes]

    def __call__(self, offset: int) -> int:
        if not self.opcodes:
            return min(offset, len(self.new))
        index = max(0, bisect_right(self.op_starts, offset) - 1)
        tag, i1, i2, j1, j2 = self.opcodes[index]
        old_start, old_end = self.old_starts[i1], self.old_starts[i2]
        new_start, new_end = self.new_starts[j1], self.new_starts[j2]
        relative = offset - old_start
        if tag == "equal":
            return new_start + relative
        old_block, new_block = self.old[old_start:old_end], self.new[new_start:new_end]
        head = _common_prefix(old_block, new_block)
        tail = min(_common_suffix(old_block, new_block), min(len(old_block), len(new_block)) - head)
        if relative <= head:
            return new_start + relative
        if relative >= len(old_block) - tail:
            return new_end - (len(old_block) - relative)
        return new_start + head


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts, plus the text's length (so that starts[n_lines] is the end)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts
