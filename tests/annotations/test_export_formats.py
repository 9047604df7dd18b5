import json

import pytest
from django.urls import reverse

from annotations.exporting import ANNOTATION_COLUMNS, QUOTE_COLUMNS
from annotations.models import ExportLog, Verdict
from tests.annotations.export_scene import content, make_scene, parse_csv
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def export(client, format, **params):
    response = client.get(reverse("annotations:export"), {"format": format, **params})
    assert response.status_code == 200, response.content
    return response


def test_json_lines_have_one_object_a_line_with_the_csv_columns(reader_client):
    scene = make_scene()
    response = export(reader_client, "jsonl")
    assert response["Content-Type"].startswith("application/jsonl")
    assert response["Content-Disposition"].endswith('.jsonl"')
    lines = content(response).split("\n")
    assert lines[-1] == ""
    objects = {item["id"]: item for item in map(json.loads, lines[:-1])}
    assert len(objects) == 4
    moderate = objects[scene.moderate.pk]
    assert tuple(moderate) == ANNOTATION_COLUMNS
    assert moderate["article_id"] == scene.article.pk and moderate["start"] == scene.moderate.start
    assert moderate["disagreement_ids"] == [scene.disagreement.pk]
    assert moderate["position_stances"] == ["moderate opposition"]
    assert objects[scene.bare.pk]["actor"] is None and objects[scene.bare.pk]["quote_id"] is None
    assert objects[scene.bare.pk]["disagreement_ids"] == []


def test_json_lines_and_csv_give_the_same_values(reader_client):
    make_scene()
    csv_rows = {row["id"]: row for row in parse_csv(content(export(reader_client, "csv")))}
    for line in content(export(reader_client, "jsonl")).splitlines():
        item = json.loads(line)
        row = csv_rows[str(item["id"])]
        for name, value in item.items():
            text = "\n".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
            assert row[name] == text, name


def test_json_lines_do_not_prefix_formulas(reader_client):
    annotation = AnnotationFactory(note="=1+1")
    [line] = content(export(reader_client, "jsonl", article=annotation.article_id)).splitlines()
    assert json.loads(line)["note"] == "=1+1"


def test_quotes_export_as_json_lines_too(reader_client):
    scene = make_scene()
    response = reader_client.get(reverse("annotations:export_quotes"), {"format": "jsonl"})
    [item] = map(json.loads, content(response).splitlines())
    assert tuple(item) == QUOTE_COLUMNS
    assert item["id"] == scene.claim.quote_id and item["orphaned"] is False


def claim_reviews(client, **params) -> list[dict]:
    response = export(client, "claimreview", **params)
    assert response["Content-Disposition"].endswith('.jsonld"')
    graph = json.loads(content(response))
    assert graph["@context"] == "https://schema.org"
    return graph["@graph"]


def test_claimreview_describes_each_claim_with_a_verdict(reader_client):
    scene = make_scene()
    [review] = claim_reviews(reader_client)
    scene.claim.refresh_from_db()
    assert review == {
        "@type": "ClaimReview",
        "url": f"http://testserver/articles/{scene.article.pk}/#annotation-{scene.claim.pk}",
        "claimReviewed": "Ceasefire violations have occurred on both sides",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Mark Toner"},
            "appearance": {
                "@type": "NewsArticle",
                "url": "https://themoscowtimes.com/2016/09/15/ceasefire",
                "headline": "U.S. Says Syria Ceasefire Holding",
                "datePublished": "2016-09-15",
                "publisher": {"@type": "Organization", "name": "The Moscow Times"},
            },
        },
        "author": {"@type": "Organization", "name": "The Moscow Times"},
        "datePublished": scene.claim.updated_at.date().isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 4,
            "worstRating": 1,
            "alternateName": "Misleading",
        },
        "reviewBody": "Both sides? The monitors counted 3 to 1.",
    }


def test_claimreview_rates_false_lowest_and_accurate_highest_and_leaves_out_unverified(reader_client):
    article = ArticleFactory(body="One two three four five six seven eight.")
    made = {
        verdict: AnnotationFactory(article=article, start=start, end=start + 3, verdict=verdict)
        for start, verdict in zip((0, 4, 14, 19, 24), Verdict.values, strict=True)
    }
    reviews = {review["url"].rsplit("-", 1)[1]: review for review in claim_reviews(reader_client)}
    assert str(made.pop(Verdict.UNVERIFIED).pk) not in reviews
    ratings = {
        verdict: reviews[str(annotation.pk)]["reviewRating"]["ratingValue"] for verdict, annotation in made.items()
    }
    assert ratings == {Verdict.FALSE: 1, Verdict.MISLEADING: 2, Verdict.UNSUPPORTED: 3, Verdict.ACCURATE: 4}


def test_claimreview_names_an_organisation_as_such_and_falls_back_without_outlet(reader_client):
    scene = make_scene()
    bare = ArticleFactory(outlet=None, url="", body="Russia says the ceasefire holds.")
    AnnotationFactory(article=bare, start=0, end=6, actor=scene.russia, verdict=Verdict.FALSE)
    [review] = claim_reviews(reader_client, article=bare.pk)
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Russia"}
    assert review["author"] == {"@type": "Organization", "name": "Newsroom"}
    assert review["itemReviewed"]["appearance"]["url"] == f"http://testserver/articles/{bare.pk}/"
    assert ExportLog.objects.filter(format="claimreview").latest("id").rows == 1
