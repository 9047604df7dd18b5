"""On PostgreSQL the annotations CSV is written by the server (annotations.pgcopy): byte for byte
what the Python writer makes of the same rows, whatever the values."""

import itertools
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.csvcells import TRIGGERS
from annotations.export_writers import csv_stream
from annotations.exporting import (
    ANNOTATION_COLUMNS,
    KINDS,
    annotation_chunks,
    export_log_start,
    export_stream,
)
from annotations.filters import AnnotationFilter
from annotations.models import Annotation, ExportLog, Tag
from tests.annotations.export_scene import content, make_scene
from tests.factories import (
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    DisagreementFactory,
    OutletFactory,
    PositionFactory,
    QuoteFactory,
    TagFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

# Every way a cell can go wrong: separators, quotes, each kind of line break, characters outside
# the BMP, each formula trigger, text that looks already escaped, PostgreSQL's end-of-data mark.
NASTY = [
    'He said "no", then, after a pause,',
    "line one\r\nline two\nline three\rend",
    "🗞️ 𝔼𝕩𝕒𝕔𝕥 — naïve café",
    *[f"{trigger}SUM(A1)" for trigger in sorted(TRIGGERS - {"\0"})],
    "'=already escaped",
    "''two quotes",
    "'",
    "'plain apostrophe",
    "\\.",
    "\\N",
    " leading and trailing spaces ",
    'a tab\tinside, "and" a comma',
    '"',
    ",",
    "back\\slash",
]


def python_csv(queryset) -> bytes:
    """What the Python writer makes of ``queryset`` (the path SQLite and the other formats take)."""
    kinds = KINDS[ExportLog.Kind.ANNOTATIONS]
    return "".join(csv_stream(ANNOTATION_COLUMNS, kinds, annotation_chunks(queryset, chunk_size=3))).encode()


def copy_csv(queryset, *, chunk_size: int = 3) -> tuple[bytes, ExportLog]:
    log = export_log_start(user=None, kind="annotations", format="csv", via="command", filters={})
    data = b"".join(export_stream(log=log, queryset=queryset, chunk_size=chunk_size))
    log.refresh_from_db()
    return data, log


def assert_same_both_ways(queryset) -> bytes:
    expected = python_csv(queryset)
    data, log = copy_csv(queryset)
    assert data == expected
    assert log.rows == queryset.count() and log.complete
    return data


def set_times(annotation: Annotation, created: datetime, updated: datetime) -> None:
    Annotation.objects.filter(pk=annotation.pk).update(created_at=created, updated_at=updated)


def make_nasty_corpus() -> list[Annotation]:
    made = []
    people = itertools.cycle(NASTY)
    moments = itertools.cycle(
        [
            datetime(2016, 9, 15, 10, 30, tzinfo=UTC),  # no microseconds
            datetime(2016, 3, 27, 1, 59, 59, 999999, tzinfo=ZoneInfo("Europe/London")),
            datetime(1999, 12, 31, 23, 0, 0, 1, tzinfo=timezone(timedelta(hours=-9, minutes=-30))),
            datetime(2024, 2, 29, 0, 0, 0, 500000, tzinfo=ZoneInfo("Asia/Kolkata")),
        ]
    )
    for n, text in enumerate(NASTY):
        body = f"{text} is what {text} means.\n{text}"
        article = ArticleFactory(
            title=text,
            body=body,
            url=f"https://news.example/{n},{text[:3]}" if n % 3 else "",
            outlet=OutletFactory(name=f"{text}#{n}") if n % 4 else None,
            published_on=None if n % 5 == 0 else f"20{n % 30:02d}-0{1 + n % 9}-1{n % 9}",
        )
        annotation = AnnotationFactory(
            article=article,
            start=0,
            end=len(text),
            tag=TagFactory(name=f"{text}#{n}", slug=f"nasty-{n}"),
            actor=ActorFactory(name=f"{text}#{n}") if n % 2 else None,
            verdict="misleading" if n % 3 == 0 else "",
            note=text if n % 2 == 0 else "",
            quote=QuoteFactory(article=article, speaker=ActorFactory(name=f"{next(people)}@{n}"))
            if n % 3 == 1
            else None,
            author=UserFactory(username=f"{text[:100]}#{n}"),
        )
        set_times(annotation, next(moments), next(moments))
        made.append(annotation)
    # Several disagreements on some annotations, with line breaks and formulas in their values.
    for n, annotation in enumerate(made[::2]):
        for m in range(n % 4):
            disagreement = DisagreementFactory(subject=f"{NASTY[(n + m) % len(NASTY)]}\nsubject {m}")
            PositionFactory(
                disagreement=disagreement,
                actor=ActorFactory(name=f"{NASTY[(n * 3 + m) % len(NASTY)]}~{n}.{m}"),
                stance=NASTY[(n + 2 * m) % len(NASTY)],
            ).annotations.add(annotation)
    return made


def test_it_writes_the_nasty_corpus_byte_for_byte_as_python_does():
    make_nasty_corpus()
    data = assert_same_both_ways(Annotation.objects.all())
    assert data.count(b"\r\n") > len(NASTY)  # something to compare: every row is there


def test_it_writes_the_scene_byte_for_byte_as_python_does():
    make_scene()
    assert_same_both_ways(Annotation.objects.all())


def test_it_writes_a_header_alone_when_nothing_is_selected():
    make_nasty_corpus()
    data = assert_same_both_ways(Annotation.objects.none() | Annotation.objects.filter(pk=-1))
    assert data == ("\ufeff" + ",".join(ANNOTATION_COLUMNS) + "\r\n").encode()


def test_it_follows_the_filters_of_the_list_byte_for_byte():
    scene = make_scene()
    make_nasty_corpus()
    designation = Tag.objects.get(slug="designation")
    for query in (f"tag={designation.pk}", f"actor={scene.russia.pk}", "q=opposition", "verdict=misleading&tag=1"):
        filterset = AnnotationFilter(QueryDict(query), queryset=Annotation.objects.all())
        assert filterset.is_valid(), filterset.errors
        assert_same_both_ways(filterset.qs)


def test_it_writes_a_distinct_selection_once_per_annotation():
    make_nasty_corpus()
    disputed = Annotation.objects.filter(positions__disagreement__subject__contains="subject").distinct()
    data = assert_same_both_ways(disputed)
    assert disputed.count() > 1 and data.count(b"subject 1") > 1


def test_it_counts_the_rows_and_sends_them_in_chunks():
    make_nasty_corpus()
    log = export_log_start(user=None, kind="annotations", format="csv", via="command", filters={})
    heard = []
    chunks = list(export_stream(log=log, queryset=Annotation.objects.all(), chunk_size=4, progress=heard.append))
    assert len(chunks) == 1 + -(-len(NASTY) // 4)
    assert heard[-1] == len(NASTY) and heard == sorted(heard)
    log.refresh_from_db()
    assert (log.rows, log.complete) == (len(NASTY), True)


def test_a_download_given_up_mid_copy_is_logged_as_incomplete_and_the_connection_goes_on(rf, reader):
    make_nasty_corpus()
    log = export_log_start(user=reader, kind="annotations", format="csv", via="web", filters={})
    stream = export_stream(log=log, queryset=Annotation.objects.all(), chunk_size=2)
    header, first_rows = next(stream), next(stream)
    stream.close()
    assert header.startswith("\ufeff".encode()) and first_rows.count(b"\r\n") >= 2
    log.refresh_from_db()
    assert (log.rows, log.complete) == (2, False) and log.finished_at is not None
    assert Annotation.objects.count() == len(NASTY)  # the connection was left ready for more


def test_it_binds_the_filters_values_into_the_copy(reader_client):
    make_nasty_corpus()
    response = reader_client.get(reverse("annotations:export"), {"q": "naïve", "created_after": "1999-01-01"})
    filterset = AnnotationFilter(QueryDict("q=na%C3%AFve&created_after=1999-01-01"), queryset=Annotation.objects.all())
    assert filterset.is_valid(), filterset.errors
    assert content(response).encode() == python_csv(filterset.qs)
    assert 0 < filterset.qs.count() < len(NASTY)


def test_the_web_export_on_postgresql_is_the_python_writers_csv(reader_client):
    make_nasty_corpus()
    response = reader_client.get(reverse("annotations:export"), {"format": "csv"})
    assert content(response).encode() == python_csv(Annotation.objects.all())


_numbers = itertools.count()
pg_texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\0"))
starts_like_a_formula = st.builds(
    lambda quotes, first, rest: "'" * quotes + first + rest,
    st.integers(0, 2),
    st.sampled_from(sorted((TRIGGERS - {"\0"}) | {"'", "\n", '"', ",", " "})),
    pg_texts,
)
cells = st.one_of(pg_texts, starts_like_a_formula)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=cells,
    exact=cells.filter(bool),
    note=cells,
    names=st.lists(cells.map(lambda text: text[:150]), min_size=1, max_size=4),
    stances=st.lists(cells.map(lambda text: text[:300]), min_size=0, max_size=3),
)
def test_any_values_come_out_byte_for_byte_as_python_writes_them(title, exact, note, names, stances):
    n = next(_numbers)
    article = ArticleFactory(title=title[:500], body=f"{exact}\n#{n}")
    annotation = AnnotationFactory(
        article=article,
        start=0,
        end=len(exact),
        actor=ActorFactory(name=f"{names[0]}#{n}"),
        note=note,
        author=UserFactory(username=f"{names[-1][:100]}#{n}"),
        tag=TagFactory(name=f"{names[0][:70]}#{n}", slug=f"any-{n}"),
    )
    for m, stance in enumerate(stances):
        PositionFactory(
            disagreement=DisagreementFactory(subject=f"{stance}{m}"[:300]),
            actor=ActorFactory(name=f"{names[m % len(names)]}#{n}.{m}"),
            stance=stance,
        ).annotations.add(annotation)
    assert_same_both_ways(Annotation.objects.filter(pk=annotation.pk))
