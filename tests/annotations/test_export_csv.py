import re
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import export_views
from annotations.exporting import ANNOTATION_COLUMNS, DISAGREEMENT_COLUMNS, QUOTE_COLUMNS
from annotations.models import Annotation, ExportLog, Tag
from tests.annotations.export_scene import BODY, content, hang_up, make_scene, parse_csv
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    DisagreementFactory,
    PositionFactory,
    QuoteFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def export(client, **params):
    return client.get(reverse("annotations:export"), params)


def rows_by_id(client, **params) -> dict[int, dict[str, str]]:
    response = export(client, **params)
    assert response.status_code == 200, response.content
    return {int(row["id"]): row for row in parse_csv(content(response))}


def test_it_writes_the_columns_in_the_order_the_readme_documents(reader_client):
    response = export(reader_client)
    header = content(response).removeprefix("\ufeff").split("\r\n")[0]
    assert tuple(header.split(",")) == ANNOTATION_COLUMNS
    documented = re.findall(r"^\| (\d+) \| `(\w+)` \|", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    annotation_section = [name for number, name in documented][: len(ANNOTATION_COLUMNS)]
    assert tuple(annotation_section) == ANNOTATION_COLUMNS


def test_it_writes_one_row_per_annotation_with_its_article_actor_quote_and_author(reader_client):
    scene = make_scene()
    rows = rows_by_id(reader_client)
    assert set(rows) == {scene.claim.pk, scene.moderate.pk, scene.extremist.pk, scene.bare.pk}
    row = rows[scene.claim.pk]
    scene.claim.refresh_from_db()
    assert row == {
        "id": str(scene.claim.pk),
        "article_id": str(scene.article.pk),
        "article_title": "U.S. Says Syria Ceasefire Holding",
        "article_url": "https://themoscowtimes.com/2016/09/15/ceasefire",
        "published_on": "2016-09-15",
        "outlet": "The Moscow Times",
        "tag": "Claim",
        "start": "0",
        "end": str(len("Ceasefire violations have occurred on both sides")),
        "exact": "Ceasefire violations have occurred on both sides",
        "prefix": "",
        "suffix": BODY[scene.claim.end : scene.claim.end + 32],
        "actor": "Mark Toner",
        "verdict": "misleading",
        "note": "Both sides? The monitors counted 3 to 1.",
        "quote_id": str(scene.claim.quote_id),
        "quote_speaker": "Mark Toner",
        "disagreement_ids": "",
        "disagreement_subjects": "",
        "position_actors": "",
        "position_stances": "",
        "author": "nadia",
        "created": scene.claim.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "updated": scene.claim.updated_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }


def test_it_leaves_the_cells_of_what_is_not_linked_empty(reader_client):
    scene = make_scene()
    row = rows_by_id(reader_client)[scene.bare.pk]
    assert [row[name] for name in ("article_url", "published_on", "outlet", "actor", "verdict", "quote_id")] == [""] * 6
    assert row["tag"] == "Quote" and row["exact"] == scene.bare.exact


def test_it_gives_the_disagreement_and_stance_an_annotation_states(reader_client):
    scene = make_scene()
    rows = rows_by_id(reader_client)
    assert rows[scene.moderate.pk]["disagreement_ids"] == str(scene.disagreement.pk)
    assert rows[scene.moderate.pk]["disagreement_subjects"] == "Designation of the Al-Nusra Front"
    assert rows[scene.moderate.pk]["position_actors"] == "United States"
    assert rows[scene.moderate.pk]["position_stances"] == "moderate opposition"
    assert rows[scene.extremist.pk]["position_stances"] == "extremist"


def test_it_lists_several_positions_one_line_each_in_the_same_order(reader_client):
    scene = make_scene()
    other = DisagreementFactory(subject="Who broke the ceasefire")
    PositionFactory(disagreement=other, actor=scene.united_states, stance="both\nsides").annotations.add(scene.moderate)
    row = rows_by_id(reader_client)[scene.moderate.pk]
    assert row["disagreement_ids"] == f"{scene.disagreement.pk}\n{other.pk}"
    assert row["disagreement_subjects"] == "Designation of the Al-Nusra Front\nWho broke the ceasefire"
    assert row["position_actors"] == "United States\nUnited States"
    assert row["position_stances"] == "moderate opposition\nboth sides"  # a line break inside would shift the lines


def test_it_exports_exactly_what_the_filters_select(reader_client):
    scene = make_scene()
    designation = Tag.objects.get(slug="designation")
    assert set(rows_by_id(reader_client, tag=designation.pk)) == {scene.moderate.pk, scene.extremist.pk}
    assert set(rows_by_id(reader_client, actor=scene.russia.pk)) == {scene.extremist.pk}
    assert set(rows_by_id(reader_client, verdict="misleading")) == {scene.claim.pk}
    assert set(rows_by_id(reader_client, article=scene.bare_article.pk)) == {scene.bare.pk}
    both = Tag.objects.get(slug="quote").pk
    assert set(rows_by_id(reader_client, tag=[designation.pk, both])) == {
        scene.moderate.pk,
        scene.extremist.pk,
        scene.bare.pk,
    }


def test_it_ignores_paging_and_unknown_parameters(reader_client):
    scene = make_scene()
    assert len(rows_by_id(reader_client, page=3, sort="whatever", actor=scene.toner.pk)) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tag": "999999"}, "Tag"),
        ({"tag": "abc"}, "Tag"),
        ({"created_after": "last tuesday"}, "Created"),
        ({"article": "1\x00"}, "Article"),
        ({"format": "xlsx"}, "format"),
        ({"verdict": "probably"}, "Verdict"),
    ],
)
def test_it_answers_bad_parameters_with_a_400_that_says_which(reader_client, params, message):
    response = export(reader_client, **params)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and "cannot be made" in text
    assert not ExportLog.objects.exists()


def test_it_needs_a_login(client):
    response = export(client)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_refuses_a_post(reader_client):
    assert reader_client.post(reverse("annotations:export")).status_code == 405


def test_it_logs_who_exported_what_and_how_many_rows(reader, reader_client):
    scene = make_scene()
    response = export(reader_client, tag=Tag.objects.get(slug="designation").pk, format="csv")
    assert response["Content-Disposition"].startswith('attachment; filename="annotations-')
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.format, log.via, log.complete) == (reader, "annotations", "csv", "web", False)
    content(response)
    log.refresh_from_db()
    assert log.filters == {"tag": str(Tag.objects.get(slug="designation").pk)}
    assert log.rows == 2 and log.complete and log.finished_at is not None
    assert scene.claim.pk not in rows_by_id(reader_client, tag=Tag.objects.get(slug="designation").pk)


def test_it_sends_the_header_before_it_queries_the_annotations(rf, reader):
    make_scene()
    request = rf.get(reverse("annotations:export"))
    request.user = reader
    response = export_views.export(request)
    with CaptureQueriesContext(connection) as queries:
        first = next(iter(response.streaming_content))
    hang_up(response)
    assert first.decode("utf-8") == "\ufeff" + ",".join(ANNOTATION_COLUMNS) + "\r\n"
    assert not [query for query in queries if "annotations_annotation" in query["sql"]]


def _export_queries(client) -> int:
    response = export(client)
    with CaptureQueriesContext(connection) as queries:
        content(response)
    return len(queries)


def test_it_reads_positions_per_chunk_not_per_annotation(reader_client):
    def add_disputed(count):
        article = ArticleFactory()
        for n in range(count):
            annotation = AnnotationFactory(article=article)
            PositionFactory(stance=f"stance {n}").annotations.add(annotation)

    add_disputed(2)
    few = _export_queries(reader_client)
    add_disputed(40)
    assert _export_queries(reader_client) == few


def test_it_round_trips_commas_quotes_line_breaks_and_astral_characters(reader_client):
    note = 'He said "no", then, after a pause,\r\nthe minister\nleft 🗞️ 𝔼 — ok'
    body = 'Über 𝔼𝕩𝕒𝕔𝕥, "quoted", and\nmore text after it.'
    annotation = AnnotationFactory(
        article=ArticleFactory(body=body, title='Title, with "quotes"'), start=5, end=10, note=note
    )
    row = rows_by_id(reader_client)[annotation.pk]
    assert row["note"] == note
    assert row["exact"] == body[5:10] == "𝔼𝕩𝕒𝕔𝕥"
    assert row["article_title"] == 'Title, with "quotes"'
    assert row["suffix"] == body[10:42]


def test_it_neutralises_formulas_in_every_kind_of_cell(reader_client):
    article = ArticleFactory(title="=HYPERLINK(evil)", body="-1 is not a number here, @home")
    tag = TagFactory(name="+Tag", slug="plus-tag")
    annotation = AnnotationFactory(article=article, start=0, end=2, tag=tag, note="@SUM(A1)", author__username="bob")
    PositionFactory(actor__name="=Actor", stance="\tcmd").annotations.add(annotation)
    row = rows_by_id(reader_client)[annotation.pk]
    assert row["article_title"] == "'=HYPERLINK(evil)"
    assert row["exact"] == "'-1"
    assert row["tag"] == "'+Tag"
    assert row["note"] == "'@SUM(A1)"
    assert row["position_actors"] == "'=Actor"
    assert row["position_stances"] == "'\tcmd"


def test_it_exports_quotes_one_row_each(reader_client):
    scene = make_scene()
    response = reader_client.get(reverse("annotations:export_quotes"))
    rows = parse_csv(content(response))
    assert tuple(rows[0]) == QUOTE_COLUMNS
    assert len(rows) == 1
    quote = scene.claim.quote
    assert rows[0]["id"] == str(quote.pk) and rows[0]["speaker"] == "Mark Toner"
    assert (rows[0]["role"], rows[0]["cue"], rows[0]["kind"], rows[0]["status"]) == (
        "State Department spokesman",
        "said",
        "direct",
        "suggested",
    )
    assert rows[0]["orphaned"] == "false" and rows[0]["outlet"] == "The Moscow Times"


def test_it_exports_disagreements_one_row_per_position_and_keeps_an_empty_one(reader_client):
    scene = make_scene()
    empty = DisagreementFactory(subject="Nobody has taken a side yet")
    rows = parse_csv(content(reader_client.get(reverse("annotations:export_disagreements"))))
    assert tuple(rows[0]) == DISAGREEMENT_COLUMNS
    by_actor = {row["actor"]: row for row in rows if row["disagreement_id"] == str(scene.disagreement.pk)}
    assert set(by_actor) == {"United States", "Russia"}
    assert by_actor["Russia"]["stance"] == "extremist"
    assert by_actor["Russia"]["annotation_ids"] == str(scene.extremist.pk)
    assert by_actor["Russia"]["subject"] == "Designation of the Al-Nusra Front"
    [lonely] = [row for row in rows if row["disagreement_id"] == str(empty.pk)]
    assert lonely["position_id"] == "" and lonely["actor"] == ""


def test_the_quotes_export_holds_what_the_quote_list_shows(reader_client):
    scene = make_scene()
    other = QuoteFactory(article=scene.bare_article, start=0, end=5, kind="partial")
    by_kind = parse_csv(content(reader_client.get(reverse("annotations:export_quotes"), {"kind": "partial"})))
    assert [row["id"] for row in by_kind] == [str(other.pk)]
    by_speaker = {"speaker": scene.toner.pk, "q": "substantial", "page": "3", "sort": "oldest"}
    response = reader_client.get(reverse("annotations:export_quotes"), by_speaker)
    assert [row["id"] for row in parse_csv(content(response))] == [str(scene.claim.quote.pk)]
    log = ExportLog.objects.latest("id")
    assert (log.kind, log.rows, log.filters) == ("quotes", 1, {"speaker": str(scene.toner.pk), "q": "substantial"})
    assert reader_client.get(reverse("annotations:export_quotes"), {"kind": "shouted"}).status_code == 400


def test_the_disagreements_export_holds_what_the_disagreement_list_shows(reader_client):
    scene = make_scene()
    DisagreementFactory(subject="Budget figures")
    response = reader_client.get(reverse("annotations:export_disagreements"), {"actor": scene.russia.pk})
    assert {row["disagreement_id"] for row in parse_csv(content(response))} == {str(scene.disagreement.pk)}
    response = reader_client.get(reverse("annotations:export_disagreements"), {"q": "budget"})
    assert [row["subject"] for row in parse_csv(content(response))] == ["Budget figures"]


def test_each_list_offers_the_export_of_what_it_shows(reader_client):
    page = reader_client.get(reverse("articles:quote_list"), {"kind": "direct"}).content.decode()
    assert reverse("annotations:export_quotes") + "?kind=direct&amp;format=csv" in page
    assert "format=w3c" not in page and "format=claimreview" not in page  # annotations only
    page = reader_client.get(reverse("annotations:annotation_list")).content.decode()
    assert all(
        f"{reverse('annotations:export')}?format={fmt}" in page for fmt in ("csv", "jsonl", "w3c", "claimreview")
    )
    page = reader_client.get(reverse("annotations:disagreement_list"), {"q": "nusra"}).content.decode()
    assert reverse("annotations:export_disagreements") + "?q=nusra&amp;format=jsonl" in page


def test_it_only_knows_csv_and_json_lines_for_quotes(reader_client):
    response = reader_client.get(reverse("annotations:export_quotes"), {"format": "w3c"})
    assert response.status_code == 400


def test_the_admin_action_exports_the_selected_annotations(staff, staff_client):
    scene = make_scene()
    response = staff_client.post(
        reverse("admin:annotations_annotation_changelist"),
        {"action": "export_selected_csv", "_selected_action": [scene.claim.pk, scene.bare.pk]},
    )
    assert response.status_code == 200
    rows = parse_csv(content(response))
    assert {int(row["id"]) for row in rows} == {scene.claim.pk, scene.bare.pk}
    log = ExportLog.objects.get()
    assert (log.user, log.via, log.rows, log.complete) == (staff, "admin", 2, True)
    assert sorted(log.filters["selected"]) == sorted([scene.claim.pk, scene.bare.pk])


def test_the_admin_lists_exports_read_only(staff_client, reader_client):
    content(export(reader_client))
    log = ExportLog.objects.get()
    assert staff_client.get(reverse("admin:annotations_exportlog_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:annotations_exportlog_add")).status_code == 403
    page = staff_client.get(reverse("admin:annotations_exportlog_change", args=[log.pk]))
    assert page.status_code == 200 and b'name="rows"' not in page.content


def test_an_interrupted_download_is_logged_as_incomplete(rf, reader):
    make_scene()
    request = rf.get(reverse("annotations:export"))
    request.user = reader
    response = export_views.export(request)
    next(iter(response))
    hang_up(response)
    log = ExportLog.objects.get()
    assert log.complete is False and log.finished_at is not None
    assert Annotation.objects.count() == 4  # nothing else happened to the data


def test_the_export_button_keeps_the_lists_search_and_filters_but_not_its_page(rf, reader):
    request = rf.get("/annotations/", {"tag": ["1", "2"], "q": "ceasefire", "page": "3", "format": "html"})
    request.user = reader
    html = render_to_string("annotations/includes/export_menu.html", request=request)
    links = re.findall(r'href="([^"]+)"', html)
    assert len(links) == 4
    for link, format in zip(links, ["csv", "jsonl", "w3c", "claimreview"], strict=True):
        path, _, query = link.replace("&amp;", "&").partition("?")
        assert path == reverse("annotations:export")
        assert sorted(query.split("&")) == sorted(["tag=1", "tag=2", "q=ceasefire", f"format={format}"])
