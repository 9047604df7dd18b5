"""The pure re-anchoring: no database."""

from hypothesis import given
from hypothesis import strategies as st

from articles.anchoring import Anchor, OffsetMap, Placement, reanchor

OLD = (
    'The United States has repeatedly categorized the Al-Nusra Front as "moderate opposition" to Syrian '
    'President Bashar Assad, while Moscow has labeled the group as "extremist."\n\n'
    "Ceasefire violations have occurred on both sides, Mark Toner said Wednesday."
)


def anchor_of(body: str, text: str, nth: int = 0) -> Anchor:
    at = -1
    for _ in range(nth + 1):
        at = body.index(text, at + 1)
    return Anchor(at, at + len(text), text)


def test_it_keeps_spans_where_the_body_did_not_change_around_them():
    span = anchor_of(OLD, "extremist")
    assert reanchor(OLD, OLD, [span]) == [Placement(span.start, span.end)]


def test_it_moves_spans_after_an_insertion_before_them():
    new = "Update: corrected.\n" + OLD
    span = anchor_of(OLD, "moderate opposition")
    [placed] = reanchor(OLD, new, [span])
    assert new[placed.start : placed.end] == "moderate opposition"
    assert placed.start == span.start + len("Update: corrected.\n")


def test_it_moves_spans_after_a_fix_in_the_same_line():
    new = OLD.replace("categorized", "categorised").replace("The United States", "The US")
    span = anchor_of(OLD, "extremist")
    [placed] = reanchor(OLD, new, [span])
    assert new[placed.start : placed.end] == "extremist"


def test_it_picks_the_occurrence_whose_context_matches():
    old = "Toner said no. Later, Zakharova said yes. Toner said nothing."
    new = "Toner said no, twice. Later, Zakharova said yes. Toner said nothing."
    second = anchor_of(old, "said", 2)  # the third "said": after the last "Toner"
    [placed] = reanchor(old, new, [second])
    assert placed.start == new.rindex("said")


def test_it_uses_the_stored_prefix_and_suffix_when_given():
    old = "x said y. x said z."
    new = "x said z. x said y."  # sentences swapped
    anchor = Anchor(2, 6, "said", prefix="x ", suffix=" y.")
    [placed] = reanchor(old, new, [anchor])
    assert placed.start == new.index("said y") and placed.end == placed.start + 4


def test_it_orphans_a_span_whose_text_is_gone():
    new = OLD.replace('"extremist."', '"radical."')
    [placed] = reanchor(OLD, new, [anchor_of(OLD, "extremist")])
    assert placed.orphaned and placed.start is None


def test_it_orphans_a_short_span_with_many_far_candidates_and_no_context():
    old = "alpha " * 30 + "the end"
    new = "beta " * 40 + "the " * 10 + "omega"
    [placed] = reanchor(old, new, [anchor_of(old, "the")])
    assert placed.orphaned


def test_it_takes_a_unique_occurrence_even_without_context():
    old = "Abc unique-word xyz."
    new = "Completely rewritten, but unique-word stays somewhere."
    [placed] = reanchor(old, new, [anchor_of(old, "unique-word")])
    assert new[placed.start : placed.end] == "unique-word"


def test_it_places_many_spans_in_one_call_in_order():
    new = "Correction: " + OLD.replace("Mark Toner", "State Department's Mark Toner")
    spans = [anchor_of(OLD, word) for word in ("Moscow", "Mark Toner", "Wednesday", "Al-Nusra Front")]
    placements = reanchor(OLD, new, spans)
    assert [new[p.start : p.end] for p in placements] == ["Moscow", "Mark Toner", "Wednesday", "Al-Nusra Front"]


def test_it_handles_non_bmp_characters_as_single_code_points():
    old = "Fire 🔥 then extremist."
    new = "Fire 🔥🔥 then extremist."
    [placed] = reanchor(old, new, [anchor_of(old, "extremist")])
    assert placed.start == new.index("extremist")


def test_it_maps_offsets_through_unchanged_and_changed_lines():
    old = "one\ntwo\nthree\n"
    new = "zero\none\nTWO!\nthree\n"
    carry = OffsetMap(old, new)
    assert carry(0) == 5  # "one" moved down a line
    assert carry(old.index("three")) == new.index("three")
    assert carry(len(old)) == len(new)


@given(
    st.text(alphabet="ab. \n", min_size=1, max_size=60),
    st.text(alphabet="xy", min_size=1, max_size=5),
    st.text(alphabet="ab. \n", max_size=30),
)
def test_it_always_finds_a_unique_marker_after_text_is_inserted_before_it(tail, marker, inserted):
    old = "start " + marker + "Q" + tail
    new = inserted + old
    start = old.index(marker + "Q")
    [placed] = reanchor(old, new, [Anchor(start, start + len(marker) + 1, marker + "Q")])
    assert new[placed.start : placed.end] == marker + "Q"
    assert placed.start == start + len(inserted)
