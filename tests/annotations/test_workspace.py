"""The article page: metadata, escaped and highlighted body, side panel, constant queries."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from annotations.models import Annotation, Tag
from articles.models import Quote
from articles.spans import context_of
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    DisagreementFactory,
    EditorFactory,
    PositionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    'The minister said "we will win the vote <b>easily</b>" on Monday.\n\n'
    "Critics called it <script>alert(1)</script> nonsense 🔥 and worse."
)


class _BodyText(HTMLParser):
    """The text content of #article-body, as a browser's textContent would give it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text = ""
        self.marks: list[str] = []  # ids of first pieces, in document order
        self.inside: dict[str, tuple[str, ...]] = {}  # id -> the spans its first piece is nested in
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "mark":
                if "id" in attrs:
                    self.marks.append(attrs["id"])
                    self.inside[attrs["id"]] = tuple(self.open)
                self.open.append(attrs["data-span"])
        elif attrs.get("id") == "article-body":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag == "mark":
                self.open.pop()

    def handle_data(self, data):
        if self.depth:
            self.text += data


def body_of(html: str) -> _BodyText:
    parser = _BodyText()
    parser.feed(html)
    return parser


def at(body: str, text: str) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text)}


@pytest.fixture
def article():
    return ArticleFactory(
        body=BODY,
        url="https://news.example/vote",
        cleanup_log=[{"start": 10, "end": 11, "before": "⊠", "after": " ", "reason": "OCR debris removed"}],
    )


def test_it_shows_the_metadata_and_a_safe_source_link(reader_client, article):
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert article.title in page and article.outlet.name in page
    assert article.published_on.strftime("%Y-%m-%d") in page
    assert re.search(r'<a href="https://news.example/vote" rel="noopener noreferrer" target="_blank"', page)


def test_it_shows_the_import_cleanup_log(reader_client, article):
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert "Import cleanup log: 1 fix" in page and "OCR debris removed" in page and "<code>⊠</code>" in page


def test_it_escapes_every_character_of_the_body(reader_client, article):
    AnnotationFactory(article=article, **at(BODY, "<script>alert(1)</script>"))
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "<b>easily" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;easily&lt;/b&gt;" in page


def test_its_body_text_content_is_exactly_the_article_body(reader_client, article):
    AnnotationFactory(article=article, **at(BODY, "we will win the vote"))
    QuoteFactory(article=article, **at(BODY, 'we will win the vote <b>easily</b>"'[:-1]))
    AnnotationFactory(article=article, **at(BODY, "nonsense 🔥"))
    parsed = body_of(reader_client.get(article.get_absolute_url()).content.decode())
    assert parsed.text == BODY


def test_it_nests_an_annotation_inside_a_quote_inside_a_claim(reader_client, article):
    claim = AnnotationFactory(article=article, start=0, end=BODY.index("\n"))
    quote = QuoteFactory(article=article, **at(BODY, "we will win the vote <b>easily</b>"))
    inner = AnnotationFactory(article=article, tag=Tag.objects.get(slug="designation"), **at(BODY, "win"))
    parsed = body_of(reader_client.get(article.get_absolute_url()).content.decode())
    assert parsed.marks == [f"annotation-{claim.pk}", f"quote-{quote.pk}", f"annotation-{inner.pk}"]
    assert parsed.inside[f"annotation-{inner.pk}"] == (f"annotation-{claim.pk}", f"quote-{quote.pk}")


def test_it_labels_each_highlight_for_hover_and_focus(reader_client, article):
    annotation = AnnotationFactory(article=article, verdict="false", **at(BODY, "Critics"))
    page = reader_client.get(article.get_absolute_url()).content.decode()
    mark = re.search(rf'<mark [^>]*id="annotation-{annotation.pk}"[^>]*>', page).group(0)
    assert "tabindex" not in mark  # focusable marks would stop Chromium from selecting text inside them
    assert f'data-label="Claim · False · by {annotation.author.username}"' in mark


def test_it_lists_annotations_and_quotes_in_text_order_with_fragment_links(reader_client, article):
    late = AnnotationFactory(article=article, **at(BODY, "worse"))
    early = AnnotationFactory(article=article, **at(BODY, "minister"))
    quote = QuoteFactory(article=article, **at(BODY, "we will win"))
    page = reader_client.get(article.get_absolute_url()).content.decode()
    order = re.findall(r'id="panel-((?:annotation|quote)-\d+)"', page)
    assert order == [f"annotation-{early.pk}", f"quote-{quote.pk}", f"annotation-{late.pk}"]
    for key in order:
        assert f'href="#{key}"' in page


def test_it_lists_the_disagreements_with_their_sides(reader_client, article):
    other_article = ArticleFactory()
    here = AnnotationFactory(article=article, **at(BODY, "nonsense"))
    elsewhere = AnnotationFactory(article=other_article)
    disagreement = DisagreementFactory(subject="Is the vote won?")
    PositionFactory(disagreement=disagreement, stance="won").annotations.add(here)
    PositionFactory(disagreement=disagreement, stance="lost").annotations.add(elsewhere)
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert "Is the vote won?" in page and ">won<" in page and ">lost<" in page
    assert f'href="#annotation-{here.pk}"' in page
    assert f'href="{other_article.get_absolute_url()}#annotation-{elsewhere.pk}"' in page


def test_it_leaves_orphans_and_rejected_quotes_out_of_the_text_and_lists_them(reader_client, article):
    orphan = AnnotationFactory(article=article, **at(BODY, "Monday"))
    Annotation.objects.filter(pk=orphan.pk).update(orphaned=True)
    rejected = QuoteFactory(article=article, status=Quote.Status.REJECTED, **at(BODY, "Critics"))
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert body_of(page).marks == []
    assert f'id="panel-annotation-{orphan.pk}"' in page and "Needs review" in page
    assert f'id="panel-quote-{rejected.pk}"' in page and "Rejected quotes (1)" in page


def test_it_lists_recently_deleted_annotations_to_restore(editor_client, editor, article):
    annotation = AnnotationFactory(article=article, author=editor, **at(BODY, "Monday"))
    pk = annotation.pk
    annotation.delete()
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Recently deleted" in page and reverse("annotations:annotation_restore", args=[pk]) in page


def test_it_offers_a_reader_no_way_to_write(reader_client, article):
    AnnotationFactory(article=article, **at(BODY, "Monday"))
    page = reader_client.get(article.get_absolute_url()).content.decode()
    assert 'id="composer"' not in page and "hx-post" not in page
    assert 'data-can-annotate="0"' in page


def test_it_offers_an_editor_changes_to_their_own_annotations_only(editor_client, editor, article):
    mine = AnnotationFactory(article=article, author=editor, **at(BODY, "Monday"))
    theirs = AnnotationFactory(article=article, **at(BODY, "Critics"))
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert reverse("annotations:annotation_edit", args=[mine.pk]) in page
    assert reverse("annotations:annotation_edit", args=[theirs.pk]) not in page
    assert 'id="composer"' in page


def test_it_offers_a_chief_editor_changes_to_everyones(chief_client, article):
    theirs = AnnotationFactory(article=article, **at(BODY, "Critics"))
    page = chief_client.get(article.get_absolute_url()).content.decode()
    assert reverse("annotations:annotation_edit", args=[theirs.pk]) in page


def test_it_serves_the_body_and_panel_alone_for_refreshes(reader_client, article):
    annotation = AnnotationFactory(article=article, **at(BODY, "Critics"))
    response = reader_client.get(reverse("annotations:workspace_content", args=[article.pk]))
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="workspace-content"') and f'id="annotation-{annotation.pk}"' in page
    assert "<html" not in page


def test_it_answers_404_for_an_unknown_article(reader_client):
    assert reader_client.get(reverse("annotations:workspace", args=[999])).status_code == 404


def _many_annotations(article, count: int) -> None:
    author = EditorFactory()
    tags = list(Tag.objects.all())
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", article.body)]
    rows = []
    for n in range(count):
        start, end = words[n % len(words)]
        prefix, suffix = context_of(article.body, start, end)
        rows.append(
            Annotation(
                article=article,
                start=start,
                end=end,
                exact=article.body[start:end],
                prefix=prefix,
                suffix=suffix,
                tag=tags[n % len(tags)],
                author=author,
                verdict="unverified" if tags[n % len(tags)].has_verdict else "",
            )
        )
    Annotation.objects.bulk_create(rows)


@pytest.mark.parametrize("count", [10, 1000])
def test_it_renders_in_a_constant_number_of_queries(editor_client, article, count, django_assert_num_queries):
    _many_annotations(article, count)
    QuoteFactory(article=article, **at(BODY, "we will win"))
    disagreement = DisagreementFactory()
    PositionFactory(disagreement=disagreement).annotations.add(Annotation.objects.filter(article=article).first())
    # session, user with its permissions, article, tags, annotations, quotes, 4 for disagreements, deleted ones
    with django_assert_num_queries(11):
        response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="span-item span-annotation"') == count
