"""The pure highlighter: no database. Markup is checked by parsing it back, the way a browser would."""

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from annotations.highlighting import Span, highlight, segment


class _Reader(HTMLParser):
    """Text content, and for every character the keys of the marks around it (outermost first)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.covering: list[tuple[str, ...]] = []
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.labels: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        assert tag == "mark"
        attrs = dict(attrs)
        self.stack.append(attrs["data-span"])
        self.labels[attrs["data-span"]] = attrs["data-label"]
        if "id" in attrs:
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        assert tag == "mark" and self.stack
        self.stack.pop()

    def handle_data(self, data):
        self.text += data
        self.covering.extend([tuple(self.stack)] * len(data))


def read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    assert reader.stack == [], "every mark is closed"
    return reader


def test_it_escapes_every_character_of_the_text():
    body = 'He wrote <script>alert(1)</script> & <b>bold</b> "quoted" it.'
    markup = highlight(body, [Span(9, 34, "annotation-1")])
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert read(markup).text == body


def test_it_returns_the_escaped_text_when_there_are_no_spans():
    assert highlight("a < b", []) == "a &lt; b"


def test_it_keeps_a_carriage_return_as_a_character_reference():
    assert highlight("a\rb", []) == "a&#13;b"
    assert read(highlight("a\rb", [])).text == "a\rb"


def test_it_nests_an_annotation_inside_a_quote_inside_a_claim():
    body = 'The minister said "we will win the vote" on Monday.'
    claim = Span(0, 51, "annotation-1", css="tag-1")
    quote = Span(19, 39, "quote-7", kind="quote")
    inner = Span(22, 26, "annotation-2", css="tag-3")
    reader = read(highlight(body, [inner, quote, claim]))
    assert reader.text == body
    assert reader.covering[0] == ("annotation-1",)
    assert reader.covering[20] == ("annotation-1", "quote-7")
    assert reader.covering[23] == ("annotation-1", "quote-7", "annotation-2")
    assert reader.ids == ["annotation-1", "quote-7", "annotation-2"]


def test_it_splits_a_span_that_overlaps_another_into_pieces_with_one_id():
    body = "0123456789abcdef"
    markup = highlight(body, [Span(0, 10, "a"), Span(5, 15, "b")])
    assert markup == (
        '<mark class="hl hl-annotation" data-span="a" id="a" data-label="">01234'
        '<mark class="hl hl-annotation" data-span="b" id="b" data-label="">56789</mark></mark>'
        '<mark class="hl hl-annotation" data-span="b" data-continued data-label="">abcde</mark>f'
    )


def test_it_puts_the_longer_of_two_spans_starting_together_outside():
    segments = segment("abcdef", [Span(0, 2, "short"), Span(0, 5, "long")])
    assert [s.key for s in segments[0].spans] == ["long", "short"]


def test_it_renders_identical_ranges_as_separate_nested_marks():
    reader = read(highlight("same words", [Span(0, 4, "x"), Span(0, 4, "y")]))
    assert reader.covering[0] == ("x", "y")


def test_it_puts_a_quote_outside_an_annotation_on_the_same_words():
    spans = [Span(0, 4, "annotation-1"), Span(0, 4, "quote-9", kind="quote")]
    assert read(highlight("same words", spans)).covering[0] == ("quote-9", "annotation-1")


def test_it_leaves_out_spans_outside_the_text_or_empty():
    assert highlight("short", [Span(2, 9, "a"), Span(3, 3, "b"), Span(-1, 2, "c")]) == "short"


def test_it_escapes_labels_and_classes():
    markup = highlight("text", [Span(0, 4, "a", css="tag-1", label='Claim "<x>" & more')])
    assert 'data-label="Claim &quot;&lt;x&gt;&quot; &amp; more"' in markup
    assert read(markup).labels["a"] == 'Claim "<x>" & more'


def test_it_counts_offsets_in_code_points():
    body = "Fire 🔥 means extremist here"
    start = body.index("extremist")
    reader = read(highlight(body, [Span(start, start + 9, "a")]))
    assert reader.covering[start : start + 9] == [("a",)] * 9
    assert reader.covering[start - 1] == ()


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\n\r😀é"), min_size=1, max_size=40))
    count = draw(st.integers(0, 8))
    spans = []
    for n in range(count):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(Span(start, end, f"s{n}"))
    return text, spans


@given(text_and_spans())
def test_it_always_gives_back_the_text_with_every_span_covering_exactly_its_range(case):
    text, spans = case
    reader = read(highlight(text, spans))
    assert reader.text == text
    for position in range(len(text)):
        expected = {span.key for span in spans if span.start <= position < span.end}
        assert set(reader.covering[position]) == expected
    assert sorted(reader.ids) == sorted(span.key for span in spans)
