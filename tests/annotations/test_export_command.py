import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotations.models import ExportLog
from tests.annotations.export_scene import content, make_scene, parse_csv
from tests.factories import AnnotationFactory

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_annotations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_the_same_csv_as_the_web_export(tmp_path, reader_client):
    make_scene()
    out, _ = run("-o", str(tmp_path / "annotations.csv"))
    web = content(reader_client.get(reverse("annotations:export")))
    assert (tmp_path / "annotations.csv").read_bytes() == web.encode("utf-8")
    assert "Wrote 4 rows to" in out


def test_it_shows_progress_on_stderr_and_logs_the_export(tmp_path):
    make_scene()
    _, err = run("-o", str(tmp_path / "annotations.csv"))
    assert "[##############################] 100% 4/4 rows" in err
    assert "4 rows in" in err and "rows/s" in err
    log = ExportLog.objects.get()
    assert (log.user, log.via, log.rows, log.complete, log.format) == (None, "command", 4, True, "csv")


def test_it_selects_by_tag_name_or_slug_and_by_creation_date(tmp_path):
    scene = make_scene()
    run("-o", str(tmp_path / "tags.csv"), "--tag", "Designation", "--tag", "quote")
    rows = parse_csv((tmp_path / "tags.csv").read_text(encoding="utf-8"))
    assert {int(row["id"]) for row in rows} == {scene.moderate.pk, scene.extremist.pk, scene.bare.pk}
    run("-o", str(tmp_path / "future.csv"), "--since", "2999-01-01")
    assert parse_csv((tmp_path / "future.csv").read_text(encoding="utf-8")) == []
    run("-o", str(tmp_path / "past.csv"), "--since", "2000-01-01")
    assert len(parse_csv((tmp_path / "past.csv").read_text(encoding="utf-8"))) == 4
    assert ExportLog.objects.filter(filters__created_after="2999-01-01").exists()


@pytest.mark.parametrize("format", ["jsonl", "w3c", "claimreview"])
def test_it_writes_the_other_formats(tmp_path, format):
    make_scene()
    path = tmp_path / f"annotations.{format}"
    _, err = run("-o", str(path), "--format", format, "--base-url", "https://newsroom.example.org/")
    assert " 100% " in err  # the bar counts what this format exports (ClaimReview: claims with a verdict)
    text = path.read_text(encoding="utf-8")
    if format == "jsonl":
        assert len(text.splitlines()) == 4 and json.loads(text.splitlines()[0])["tag"] == "Claim"
    elif format == "w3c":
        collection = json.loads(text)
        assert collection["total"] == 4
        assert collection["id"] == "https://newsroom.example.org/annotations/export/?format=w3c"
        assert collection["first"]["items"][0]["id"].startswith("https://newsroom.example.org/articles/")
    else:
        assert len(json.loads(text)["@graph"]) == 1


def test_it_exports_quotes_and_disagreements_too(tmp_path):
    make_scene()
    run("-o", str(tmp_path / "quotes.csv"), "--kind", "quotes")
    run("-o", str(tmp_path / "disagreements.jsonl"), "--kind", "disagreements", "--format", "jsonl")
    assert len(parse_csv((tmp_path / "quotes.csv").read_text(encoding="utf-8"))) == 1
    assert len((tmp_path / "disagreements.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_it_writes_to_standard_output_with_a_dash(capsys):
    AnnotationFactory(note="to stdout")
    call_command("export_annotations", "-o", "-", "--format", "jsonl", stderr=io.StringIO())
    assert json.loads(capsys.readouterr().out)["note"] == "to stdout"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tag", "nonsense"], "No tag “nonsense”. Tags: claim, quote"),
        (["--since", "last week"], "Cannot select those annotations: created"),
        (["--kind", "quotes", "--format", "w3c"], "quotes can be exported as csv, jsonl, not w3c"),
        (["--kind", "quotes", "--tag", "claim"], "--tag and --since select annotations"),
    ],
)
def test_it_explains_what_it_cannot_do(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run("-o", str(tmp_path / "x.csv"), *args)
    assert not ExportLog.objects.exists()


def test_it_refuses_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="No folder"):
        run("-o", str(tmp_path / "missing" / "x.csv"))
    assert not ExportLog.objects.exists()
