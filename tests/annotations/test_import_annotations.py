import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from annotations.exporting import ANNOTATION_COLUMNS
from annotations.import_rows import read_csv, read_jsonl
from annotations.importing import DUPLICATE, INVALID, MISSING_ARTICLE, ORPHANED, annotations_import
from annotations.models import Annotation, Disagreement, Position, Tag
from articles.models import Actor, Article
from tests.annotations.export_scene import make_scene
from tests.factories import AnnotationFactory, DisagreementFactory, TagFactory

pytestmark = pytest.mark.django_db


def export_to(path, format="csv") -> bytes:
    call_command("export_annotations", "-o", str(path), "--format", format, stdout=io.StringIO(), stderr=io.StringIO())
    return path.read_bytes()


def import_from(path, *args) -> str:
    out = io.StringIO()
    call_command("import_annotations", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def empty_but_the_articles():
    """What is left in a fresh database that imported the same articles (and found the same quotes)."""
    Position.objects.all().delete()
    Disagreement.objects.all().delete()
    Annotation.objects.all().delete()
    Actor.objects.filter(quotes__isnull=True).delete()
    Tag.objects.exclude(slug__in=["claim", "quote", "designation", "disagreement", "needs-fact-check"]).delete()
    get_user_model().objects.filter(is_staff=False).delete()


def awkward_annotations(scene):
    """Texts that test the CSV: formulas, text that looks escaped, line breaks, astral characters."""
    tag = TagFactory(name="'=Tag that starts like an escape", slug="escape-like")
    for note in ("'=SUM(A1)", "=SUM(A1)", "''", "'tis the season", "-\r\nminus\n🗞️ 𝔼", "\t@"):
        AnnotationFactory(article=scene.bare_article, start=0, end=5, note=note, tag=tag, author__username="=ed")


@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_export_import_export_gives_the_identical_file(tmp_path, format):
    scene = make_scene()
    awkward_annotations(scene)
    first = export_to(tmp_path / f"first.{format}", format)
    empty_but_the_articles()
    output = import_from(tmp_path / f"first.{format}")
    assert "Imported 10 annotations (0 flagged orphaned)" in output and "not imported: 0" in output
    assert export_to(tmp_path / f"second.{format}", format) == first


def test_it_restores_the_disagreements_positions_and_who_made_them(tmp_path):
    scene = make_scene()
    export_to(tmp_path / "annotations.jsonl", "jsonl")
    empty_but_the_articles()
    output = import_from(tmp_path / "annotations.jsonl")
    disagreement = Disagreement.objects.get(pk=scene.disagreement.pk)
    assert disagreement.subject == "Designation of the Al-Nusra Front"
    stances = {position.actor.name: position.stance for position in disagreement.positions.all()}
    assert stances == {"United States": "moderate opposition", "Russia": "extremist"}
    assert list(Position.objects.get(stance="extremist").annotations.all()) == [
        Annotation.objects.get(pk=scene.extremist.pk)
    ]
    nadia = get_user_model().objects.get(username="nadia")
    assert not nadia.is_active and not nadia.has_usable_password()
    assert "created the user “nadia” (inactive, cannot log in)" in output
    assert "created the actor “Russia”" in output


def test_it_keeps_ids_and_timestamps_and_new_annotations_come_after(tmp_path):
    scene = make_scene()
    scene.claim.refresh_from_db()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    import_from(tmp_path / "annotations.csv")
    claim = Annotation.objects.get(pk=scene.claim.pk)
    assert (claim.created_at, claim.updated_at) == (scene.claim.created_at, scene.claim.updated_at)
    assert claim.history.latest().history_change_reason == "Imported"
    newest = AnnotationFactory(article=scene.article)
    assert newest.pk > max(Annotation.objects.exclude(pk=newest.pk).values_list("pk", flat=True))
    disagreement = DisagreementFactory()
    assert disagreement.pk > scene.disagreement.pk


def test_it_reports_annotations_whose_article_is_missing_and_imports_the_others(tmp_path):
    scene = make_scene()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    Article.objects.filter(pk=scene.bare_article.pk).delete()
    output = import_from(tmp_path / "annotations.csv")
    assert Annotation.objects.count() == 3
    assert f"missing article row 4 (#{scene.bare.pk}): no article with id {scene.bare_article.pk}" in output
    assert "not imported: 1 (0 duplicate, 1 missing article, 0 invalid)" in output
    assert "Import the missing articles first" in output


def test_it_imports_an_annotation_whose_text_no_longer_matches_as_orphaned(tmp_path):
    scene = make_scene()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    Article.objects.filter(pk=scene.article.pk).update(body="The article was rewritten. " + scene.article.body)
    output = import_from(tmp_path / "annotations.csv")
    claim = Annotation.objects.get(pk=scene.claim.pk)
    assert claim.orphaned and claim.exact == scene.claim.exact
    assert not Annotation.objects.get(pk=scene.bare.pk).orphaned
    assert f"{ORPHANED:15} row 1 (#{scene.claim.pk}): imported but flagged orphaned: The selected text" in output
    assert "(3 flagged orphaned)" in output


def test_it_finds_the_article_by_url_when_its_id_differs(tmp_path):
    scene = make_scene()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    moved = Article.objects.get(pk=scene.article.pk)
    Article.objects.filter(pk=moved.pk).delete()
    moved.pk = None
    moved.content_hash = ""
    moved.save()
    import_from(tmp_path / "annotations.csv")
    assert Annotation.objects.get(pk=scene.claim.pk).article == moved


def test_importing_the_same_file_twice_reports_duplicates_and_changes_nothing(tmp_path):
    make_scene()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    import_from(tmp_path / "annotations.csv")
    output = import_from(tmp_path / "annotations.csv")
    assert "Imported 0 annotations" in output and "4 duplicate" in output
    assert f"{DUPLICATE:15} row 1" in output
    assert Annotation.objects.count() == 4 and Position.objects.count() == 2


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    make_scene()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    output = import_from(tmp_path / "annotations.csv", "--dry-run")
    assert "Checked 4 annotations" in output and "Dry run: nothing was written." in output
    assert not Annotation.objects.exists() and not Disagreement.objects.exists()


def test_it_leaves_out_a_quote_link_it_cannot_keep_and_says_so(tmp_path):
    scene = make_scene()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    scene.claim.quote.delete()
    output = import_from(tmp_path / "annotations.csv")
    assert Annotation.objects.get(pk=scene.claim.pk).quote is None
    assert f"quote #{scene.claim.quote_id} is not on this article here; the link was left out" in output


def test_it_links_to_a_disagreement_by_subject_when_the_id_means_another_here(tmp_path):
    scene = make_scene()
    export_to(tmp_path / "annotations.csv")
    empty_but_the_articles()
    DisagreementFactory(id=scene.disagreement.pk, subject="Something else entirely")
    output = import_from(tmp_path / "annotations.csv")
    position = Annotation.objects.get(pk=scene.moderate.pk).positions.get()
    assert position.disagreement.subject == "Designation of the Al-Nusra Front"
    assert position.disagreement.pk != scene.disagreement.pk
    assert f"disagreement #{scene.disagreement.pk} is another subject here" in output


def _csv(*rows: dict) -> bytes:
    lines = [",".join(ANNOTATION_COLUMNS)]
    for row in rows:
        lines.append(",".join(json.dumps(str(row[name])) if name in row else "" for name in ANNOTATION_COLUMNS))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


GOOD = {
    "id": 7,
    "article_id": 1,
    "article_title": "t",
    "tag": "Claim",
    "start": 0,
    "end": 5,
    "exact": "Story",
    "author": "nadia",
    "created": "2016-09-15T10:30:00.000000Z",
    "updated": "2016-09-15T10:30:00.000000Z",
}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"start": "five"}, "start is not a whole number"),
        ({"end": 9}, "do not span the 5 characters of exact"),
        ({"verdict": "maybe"}, "verdict “maybe” is not one of"),
        ({"created": "yesterday"}, "created is not an ISO 8601 timestamp"),
        ({"created": "2016-09-15T10:30:00"}, "with a time zone"),
        ({"tag": ""}, "tag is empty"),
        ({"prefix": "x" * 65}, "prefix is longer than 64 characters"),
        ({"disagreement_ids": "3", "disagreement_subjects": "s"}, "do not have the same number of lines"),
    ],
)
def test_it_says_which_value_of_a_row_is_wrong(change, reason):
    [problem] = read_csv(io.BytesIO(_csv({**GOOD, **change})))
    assert problem.where == "row 1" and problem.id == 7 and reason in problem.reason


def test_it_reads_a_good_row_with_the_types_it_needs():
    [record] = read_csv(io.BytesIO(_csv(GOOD)))
    assert (record.id, record.start, record.end, record.quote_id, record.positions) == (7, 0, 5, None, [])
    assert record.created.isoformat() == "2016-09-15T10:30:00+00:00"


def test_it_reports_lines_that_are_not_json():
    records = list(read_jsonl([b'{"id": 1}\n', b"not json\n", b"\n", b"[1, 2]\n"]))
    assert [(problem.where, problem.id) for problem in records] == [("line 1", 1), ("line 2", None), ("line 4", None)]
    assert "not a JSON object" in records[1].reason


def test_invalid_rows_are_counted_and_listed_not_dropped(tmp_path):
    make_scene()
    path = tmp_path / "hand-edited.csv"
    path.write_bytes(_csv({**GOOD, "end": 99}))
    output = import_from(path)
    assert f"{INVALID:15} row 1 (#7): start 0 and end 99" in output and "1 invalid" in output


def test_it_refuses_a_csv_that_is_not_an_annotation_export(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("title,published_on,url,outlet,body\r\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Not an annotation export: the header lacks id, article_id"):
        import_from(path)


def test_it_refuses_a_missing_file():
    with pytest.raises(CommandError, match="No such file"):
        import_from("/nonexistent/annotations.csv")


def test_the_service_counts_outcomes(tmp_path):
    scene = make_scene()
    data = export_to(tmp_path / "annotations.jsonl", "jsonl")
    empty_but_the_articles()
    Article.objects.filter(pk=scene.bare_article.pk).delete()
    report = annotations_import(records=read_jsonl(io.BytesIO(data)))
    assert report.imported == 3 and report.counts[MISSING_ARTICLE] == 1 and report.not_imported == 1
    assert [entry.outcome for entry in report.entries] == [MISSING_ARTICLE]


def test_it_guesses_json_lines_from_the_first_byte(tmp_path):
    make_scene()
    data = export_to(tmp_path / "annotations.jsonl", "jsonl")
    empty_but_the_articles()
    (tmp_path / "export.txt").write_bytes(data)
    assert "Imported 4 annotations" in import_from(tmp_path / "export.txt")


def test_it_round_trips_cells_larger_than_pythons_csv_default_limit(tmp_path):
    annotation = AnnotationFactory(note="long note " * 20_000)
    first = export_to(tmp_path / "first.csv")
    Annotation.objects.all().delete()
    assert "Imported 1 annotations" in import_from(tmp_path / "first.csv")
    assert Annotation.objects.get(pk=annotation.pk).note == "long note " * 20_000
    assert export_to(tmp_path / "second.csv") == first


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((",".join(ANNOTATION_COLUMNS) + "\r\n").encode() + "é,".encode("latin-1") * 24 + b"\r\n")
    with pytest.raises(CommandError, match="UTF-8 CSV file"):
        import_from(path)
