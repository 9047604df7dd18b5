"""Property tests: every exported CSV cell is spreadsheet-safe and reads back exactly (RFC 4180)."""

import csv
import io
import itertools
import json
from datetime import UTC, date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.csvcells import TRIGGERS, neutralise, restore
from annotations.export_writers import csv_stream, jsonl_stream, rendered_alongside
from annotations.exporting import ANNOTATION_COLUMNS, COLUMNS, DISAGREEMENT_COLUMNS, QUOTE_COLUMNS
from annotations.exporting import KINDS as EXPORT_KINDS
from tests.annotations.export_scene import content, parse_csv
from tests.factories import (
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    OutletFactory,
    PositionFactory,
    TagFactory,
    UserFactory,
)

# Any text, and often one that starts like a formula or like an escaped one.
texts = st.one_of(
    st.text(),
    st.builds(lambda first, rest: first + rest, st.sampled_from(sorted(TRIGGERS | {"'"})), st.text()),
    st.builds(lambda first, rest: "'" + first + rest, st.sampled_from(sorted(TRIGGERS | {"'"})), st.text()),
)
ids = st.integers(min_value=1, max_value=2**63 - 1)
offsets = st.integers(min_value=0, max_value=2**31)
# Dates and timestamps reach the writers as the ISO 8601 text the database makes (annotations.sqltext).
moments = st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


def _texts_or_none():
    return st.one_of(st.none(), texts)


KINDS = {
    "id": ids,
    "int?": st.one_of(st.none(), ids),
    "offset": offsets,
    "text": texts,
    "text?": _texts_or_none(),
    "date?": st.one_of(st.none(), st.dates().map(date.isoformat)),
    "moment": moments,
    "moment?": st.one_of(st.none(), moments),
    "flag": st.booleans(),
}
ANNOTATION_KINDS = {
    "id": "id",
    "article_id": "id",
    "article_title": "text",
    "article_url": "text",
    "published_on": "date?",
    "outlet": "text?",
    "tag": "text",
    "start": "offset",
    "end": "offset",
    "exact": "text",
    "prefix": "text",
    "suffix": "text",
    "actor": "text?",
    "verdict": "text",
    "note": "text",
    "quote_id": "int?",
    "quote_speaker": "text?",
    "author": "text",
    "created": "moment",
    "updated": "moment",
}
QUOTE_KINDS = {
    "id": "id",
    "article_id": "id",
    "article_title": "text",
    "article_url": "text",
    "published_on": "date?",
    "outlet": "text?",
    "start": "offset",
    "end": "offset",
    "text": "text",
    "speaker": "text?",
    "role": "text",
    "cue": "text",
    "kind": "text",
    "origin": "text",
    "status": "text",
    "orphaned": "flag",
    "created": "moment",
    "updated": "moment",
}
DISAGREEMENT_KINDS = {
    "disagreement_id": "id",
    "subject": "text",
    "description": "text",
    "created_by": "text",
    "disagreement_created": "moment",
    "disagreement_updated": "moment",
    "position_id": "int?",
    "actor": "text?",
    "stance": "text?",
    "note": "text?",
    "position_created": "moment?",
    "position_updated": "moment?",
}


@st.composite
def annotation_rows(draw):
    values = {name: draw(KINDS[kind]) for name, kind in ANNOTATION_KINDS.items()}
    count = draw(st.integers(min_value=0, max_value=3))
    values["disagreement_ids"] = tuple(draw(st.lists(ids, min_size=count, max_size=count)))
    for name in ("disagreement_subjects", "position_actors", "position_stances"):
        values[name] = tuple(draw(st.lists(texts, min_size=count, max_size=count)))
    if count == 0 and draw(st.booleans()):  # what the database gives for "none": a NULL placeholder
        values.update(dict.fromkeys(("disagreement_ids", "disagreement_subjects", "position_actors"), None))
        values["position_stances"] = None
    return tuple(values[name] for name in ANNOTATION_COLUMNS)


@st.composite
def quote_rows(draw):
    return tuple(draw(KINDS[QUOTE_KINDS[name]]) for name in QUOTE_COLUMNS)


@st.composite
def disagreement_rows(draw):
    values = {name: draw(KINDS[kind]) for name, kind in DISAGREEMENT_KINDS.items()}
    values["annotation_ids"] = tuple(draw(st.lists(ids, max_size=3)))
    values["quote_ids"] = tuple(draw(st.lists(ids, max_size=3)))
    return tuple(values[name] for name in DISAGREEMENT_COLUMNS)


def expected_cell(value) -> str:
    """What the cell must read as once the ' prefix is removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "\n".join(str(item).replace("\n", " ") for item in value)
    return str(value)


def written(columns, rows) -> list[list[str]]:
    kinds = {COLUMNS[kind]: kinds for kind, kinds in EXPORT_KINDS.items()}[columns]
    text = "".join(csv_stream(columns, kinds, [rows]))
    text.encode("utf-8")  # every cell is encodable
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert parsed[0] == list(columns)
    return parsed[1:]


def assert_safe_and_exact(columns, rows):
    parsed = written(columns, rows)
    assert len(parsed) == len(rows)
    for row, cells in zip(rows, parsed, strict=True):
        assert len(cells) == len(columns)
        for value, cell in zip(row, cells, strict=True):
            assert cell[:1] not in TRIGGERS, f"a cell starts with {cell[:1]!r}"
            assert restore(cell) == expected_cell(value)


@given(texts)
def test_it_restores_exactly_what_it_neutralised(text):
    written_cell = neutralise(text)
    assert restore(written_cell) == text
    assert written_cell[:1] not in TRIGGERS
    assert written_cell in (text, "'" + text)


@given(st.text().filter(lambda text: text[:1] not in TRIGGERS | {"'"}))
def test_it_leaves_ordinary_text_alone(text):
    assert neutralise(text) == text == restore(text)


@pytest.mark.parametrize(
    ("text", "cell"),
    [("=1+1", "'=1+1"), ("'=1+1", "''=1+1"), ("'", "'"), ("''", "'''"), ("'tis", "'tis"), ("-", "'-"), ("", "")],
)
def test_it_escapes_a_text_that_already_looks_escaped(text, cell):
    assert neutralise(text) == cell and restore(cell) == text


@given(st.lists(annotation_rows(), min_size=1, max_size=4))
def test_every_annotation_column_is_safe_and_reads_back_exactly(rows):
    assert_safe_and_exact(ANNOTATION_COLUMNS, rows)


@given(st.lists(quote_rows(), min_size=1, max_size=4))
def test_every_quote_column_is_safe_and_reads_back_exactly(rows):
    assert_safe_and_exact(QUOTE_COLUMNS, rows)


@given(st.lists(disagreement_rows(), min_size=1, max_size=4))
def test_every_disagreement_column_is_safe_and_reads_back_exactly(rows):
    assert_safe_and_exact(DISAGREEMENT_COLUMNS, rows)


@given(st.lists(annotation_rows(), min_size=1, max_size=4))
def test_json_lines_carry_every_value_unescaped(rows):
    lines = "".join(jsonl_stream(ANNOTATION_COLUMNS, EXPORT_KINDS["annotations"], [rows])).split("\n")
    assert lines[-1] == "" and len(lines) == len(rows) + 1
    for row, line in zip(rows, lines, strict=False):
        data = json.loads(line)
        assert list(data) == list(ANNOTATION_COLUMNS)
        for name, value, kind in zip(ANNOTATION_COLUMNS, row, EXPORT_KINDS["annotations"], strict=True):
            if kind == "list":
                assert data[name] == list(value or ())
            else:
                assert data[name] == value  # as it came: numbers, text, null


@given(st.lists(st.lists(st.integers(), min_size=1), max_size=6))
def test_chunks_rendered_alongside_the_fetching_come_out_in_order(chunks):
    assert list(rendered_alongside(iter(chunks), repr)) == [repr(chunk) for chunk in chunks]


def test_an_error_while_rendering_reaches_the_reader():
    def render(chunk):
        raise ValueError(f"cannot render {chunk}")

    with pytest.raises(ValueError, match=r"cannot render \[1\]"):
        list(rendered_alongside(iter([[1], [2]]), render))


# The same property through the database and the web view. No NUL: PostgreSQL text cannot hold it.
db_texts = texts.map(lambda text: text.replace("\x00", "")).filter(bool)
_numbers = itertools.count()


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=db_texts,
    outlet=db_texts,
    tag=db_texts.map(lambda text: text[:70]),
    body=db_texts,
    actor=db_texts.map(lambda text: text[:150]),
    note=db_texts,
    author=db_texts.map(lambda text: text[:100]),
    stance=db_texts.map(lambda text: text[:300]),
)
def test_every_column_is_safe_from_the_database_to_the_download(
    reader_client, title, outlet, tag, body, actor, note, author, stance
):
    n = next(_numbers)  # "#n" at the end keeps names unique and the first characters as drawn
    article = ArticleFactory(title=title[:400], body=f"{body}\n#{n}", outlet=OutletFactory(name=f"{outlet[:150]}#{n}"))
    annotation = AnnotationFactory(
        article=article,
        start=0,
        end=len(body),
        tag=TagFactory(name=f"{tag}#{n}", slug=f"property-{n}"),
        actor=ActorFactory(name=f"{actor}#{n}"),
        note=note,
        author=UserFactory(username=f"{author}#{n}"),
    )
    PositionFactory(actor=annotation.actor, stance=stance).annotations.add(annotation)
    response = reader_client.get(reverse("annotations:export"), {"article": article.pk})
    [row] = parse_csv(content(response))
    for name, cell in row.items():
        assert cell[:1] not in TRIGGERS, f"{name} starts with {cell[:1]!r}"
    restored = {name: restore(cell) for name, cell in row.items()}
    assert restored["article_title"] == title[:400]
    assert restored["exact"] == body
    assert restored["note"] == note
    assert restored["tag"] == f"{tag}#{n}"
    assert restored["actor"] == f"{actor}#{n}"
    assert restored["position_actors"] == f"{actor}#{n}".replace("\n", " ")
    assert restored["author"] == f"{author}#{n}"
    assert restored["position_stances"] == stance.replace("\n", " ")
