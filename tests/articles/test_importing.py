import datetime
import io
import json
import zipfile

import pytest

from articles.importing import Upload, articles_import, uploads_from_paths
from articles.models import Article, ImportBatch, Outlet
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEED_TITLE = "U.S., Russia to Coordinate Syria Airstrikes in Dedicated Geneva Center"


def run(*uploads: tuple[str, bytes], **kwargs) -> ImportBatch:
    return articles_import(uploads=[Upload(name, data) for name, data in uploads], source="test", **kwargs)


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def by_status(batch: ImportBatch, status: str) -> list[dict]:
    return [entry for entry in batch.report if entry["status"] == status]


def test_it_imports_the_seed_cleaned_with_its_original_kept(seed_bytes):
    batch = run(("seed.txt", seed_bytes))
    article = Article.objects.get()
    assert batch.created_count == 1 and batch.failed_count == 0
    assert article.title == SEED_TITLE
    assert article.published_on == datetime.date(2016, 9, 15)
    assert article.url.endswith("in-dedicated-geneva-center-a55343")
    assert not any(glyph in article.body for glyph in "⊠☑■") and "mathbb" not in article.body
    assert article.raw_text == seed_bytes.decode("utf-8")
    assert len(article.cleanup_log) == 16  # 14 debris fixes, the broken paragraph and the URL
    assert article.import_batch == batch
    assert article.outlet.domain == "themoscowtimes.com"


def test_it_reports_a_second_import_of_the_same_file_as_a_duplicate(seed_bytes):
    run(("seed.txt", seed_bytes))
    batch = run(("again.txt", seed_bytes))
    assert Article.objects.count() == 1
    assert batch.duplicate_count == 1
    [entry] = batch.report
    assert entry["reason"].startswith("Same text") and entry["article_id"] == Article.objects.get().pk


def test_it_refuses_the_same_url_with_other_text(seed_bytes):
    run(("seed.txt", seed_bytes))
    edited = seed_bytes.replace(b"Russia and the United States", b"The United States and Russia")
    batch = run(("edited.txt", edited))
    assert batch.duplicate_count == 1 and by_status(batch, "duplicate")[0]["reason"].startswith("Same URL")


def test_it_counts_repeats_inside_one_upload_as_duplicates():
    article = b"Same story\n\nIdentical body text.\n"
    batch = run(("a.txt", article), ("b.txt", article.replace(b"Same story", b"Other title")))
    assert (batch.created_count, batch.duplicate_count) == (1, 1)
    assert by_status(batch, "duplicate")[0]["article_id"] == Article.objects.get().pk


def test_it_imports_a_zip_with_folders_and_reimports_nothing(seed_bytes):
    data = zipped({"moscow/seed.txt": seed_bytes, "bbc/politics/1.txt": b"Title one\n\nBody one."})
    first = run(("corpus.zip", data))
    second = run(("corpus.zip", data))
    assert first.created_count == 2 and first.format == "txt, zip"
    assert second.created_count == 0 and second.duplicate_count == 2
    assert Article.objects.count() == 2


def test_it_imports_csv_with_outlets_and_dates():
    data = (
        b"title,published_on,url,outlet,body\n"
        b"One,2016-09-15,https://paper.example/1,The Paper,First body\n"
        b"Two,,,The Paper,Second body\n"
    )
    batch = run(("rows.csv", data))
    assert batch.created_count == 2
    one = Article.objects.get(title="One")
    assert one.outlet.name == "The Paper" and one.published_on == datetime.date(2016, 9, 15)
    assert Outlet.objects.count() == 1


def test_it_imports_json_lines():
    lines = [
        {"title": "One", "body": "Body one", "published_on": "2016-09-15", "outlet": "Wire"},
        {"title": "Two", "body": "Body two", "url": "https://wire.example/2"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    batch = run(("rows.jsonl", data))
    assert batch.created_count == 2
    assert Article.objects.get(title="Two").outlet.domain == "wire.example"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("notitle.txt", b"x" * 500 + b"\n\nbody", "No title"),
        ("baddate.txt", b"Title\n\n2016-13-45\n\nBody.", "could not be read"),
        ("missing.csv", b"title,body\nT,B\n", "missing the column"),
        ("oversize.txt", b"Title\n\n" + b"a" * (3 * 1024 * 1024), "may be at most"),
        ("fake.zip", b"not a zip at all", "not a zip"),
        ("evil.zip", zipped({"../evil.txt": b"T\n\nB"}), "Unsafe path"),
        ("bomb.zip", zipped({"bomb.txt": b"T\n\n" + b"a" * (5 * 1024 * 1024)}), "compression ratio"),
        ("photo.jpg", b"\xff\xd8\xff", "Unsupported file type"),
    ],
)
def test_it_reports_a_bad_item_and_still_imports_the_good_ones(name, data, reason):
    batch = run(("good.txt", b"Good title\n\nGood body."), (name, data))
    assert batch.created_count == 1
    assert batch.failed_count == 1
    [failed] = by_status(batch, "failed")
    assert reason in failed["reason"]
    assert Article.objects.get().title == "Good title"


def test_it_saves_one_by_one_when_another_writer_got_there_first():
    # The URL is taken after the duplicate check (as by a concurrent import): the bulk insert
    # fails, and the chunk is saved again one article at a time.
    existing = ArticleFactory(url="https://clash.example/story", body="Existing body")
    data = (
        b"title,published_on,url,outlet,body\n"
        b"Fresh,,https://fresh.example/1,,Fresh body\n"
        b"Clash,,https://clash.example/story,,Clashing body\n"
    )
    batch = run(("rows.csv", data))
    assert batch.created_count == 1 and batch.duplicate_count == 1
    assert set(Article.objects.values_list("title", flat=True)) == {"Fresh", existing.title}


def test_it_records_the_batch(seed_bytes, staff):
    batch = run(("seed.txt", seed_bytes), user=staff)
    batch.refresh_from_db()
    assert batch.created_by == staff and batch.status == ImportBatch.Status.FINISHED
    assert batch.finished_at is not None and batch.format == "txt"
    assert batch.report[0]["title"] == SEED_TITLE


def test_it_reads_files_and_folders_from_disk(tmp_path):
    (tmp_path / "folder" / "sub").mkdir(parents=True)
    (tmp_path / "folder" / "sub" / "a.txt").write_bytes(b"A\n\nBody A.")
    (tmp_path / "folder" / ".hidden").write_bytes(b"ignored")
    (tmp_path / "b.txt").write_bytes(b"B\n\nBody B.")
    uploads = list(uploads_from_paths([tmp_path / "folder", tmp_path / "b.txt"]))
    assert [upload.name for upload in uploads] == ["folder/sub/a.txt", "b.txt"]


def test_it_uses_the_default_outlet_when_an_item_names_none():
    run(("a.txt", b"A\n\nBody A."), outlet_name="BBC News")
    assert Article.objects.get().outlet.name == "BBC News"


def test_it_marks_an_interrupted_batch_and_keeps_what_was_saved():
    def uploads():
        yield Upload("a.txt", b"A\n\nBody A.")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        articles_import(uploads=uploads(), source="test")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.INTERRUPTED and batch.finished_at is not None
    assert not Article.objects.exists()  # the chunk in hand was never written half-way


def test_it_stores_the_same_quotes_whether_extraction_runs_in_workers_or_not():
    from articles.importing import PARALLEL_MIN
    from articles.models import Quote

    def uploads(tag: str):
        for n in range(PARALLEL_MIN + 10):
            body = f'Story {tag}{n}.\n\n"We will win number {n}," Maria Lopez, the mayor, said.'
            yield Upload(f"{tag}{n}.txt", f"Title {tag}{n}\n\n{body}".encode())

    inline = articles_import(uploads=uploads("a"), source="inline", workers=1)
    pooled = articles_import(uploads=uploads("b"), source="pooled", workers=2)
    assert inline.created_count == pooled.created_count == PARALLEL_MIN + 10

    def found(batch):
        quotes = Quote.objects.filter(article__import_batch=batch).select_related("speaker")
        return sorted((q.text, q.speaker.name, q.role, q.kind, q.start) for q in quotes)

    assert found(inline) == found(pooled)
    assert len(found(inline)) == PARALLEL_MIN + 10


def test_workers_parse_every_format_and_report_it_as_this_process_would():
    """Parsing runs in the workers: text, zip members, CSV rows and JSON lines, good and bad, give
    the same report and the same articles with or without a pool."""
    from articles.importing import PARALLEL_MIN

    def uploads(tag: str):
        for n in range(PARALLEL_MIN):
            yield Upload(f"{tag}{n}.txt", f"Title {tag}{n}\n\nBody {tag} number {n}.".encode())
        yield Upload(f"{tag}.zip", zipped({"in.txt": f"Zipped {tag}\n\nZipped body {tag}.".encode(), "x.pdf": b"%"}))
        rows = f"title,published_on,url,outlet,body\nRow {tag},,,,Row body {tag}.\nNo body,,,,\n"
        yield Upload(f"{tag}.csv", rows.encode())
        yield Upload(f"{tag}.jsonl", f'{{"title": "Line {tag}", "body": "Line body {tag}."}}\n[1]\n'.encode())
        yield Upload(f"{tag}-empty.txt", b"   ")
        yield Upload(f"{tag}-binary.txt", b"\x00\x01\x02binary")

    def report(batch):
        return [(entry["name"][1:], entry["status"], entry.get("reason", "")) for entry in batch.report]

    inline = articles_import(uploads=uploads("a"), source="inline", workers=1)
    pooled = articles_import(uploads=uploads("b"), source="pooled", workers=2)
    assert report(inline) == report(pooled)
    assert inline.format == pooled.format == "csv, jsonl, pdf, txt, zip"
    assert (inline.created_count, inline.failed_count) == (pooled.created_count, pooled.failed_count)
    assert inline.created_count == PARALLEL_MIN + 3 and inline.failed_count == 5
    assert Article.objects.get(title="Row b").body == "Row body b."


def test_the_worker_module_imports_no_django():
    import subprocess
    import sys

    code = "import sys, articles.import_work; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_collector_runs_less_often_during_an_import_and_as_before_after_it():
    import gc

    before = gc.get_threshold()
    during = []
    run(("a.txt", b"A\n\nBody A."), progress=lambda entry: during.append(gc.get_threshold()))
    assert during and during[0][0] == 50_000 and during[0][1:] == before[1:]
    assert gc.get_threshold() == before


def test_sqlite_imports_with_a_larger_page_cache_and_restores_it():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page cache")

    def cache_size():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    before = cache_size()
    during = []
    run(("a.txt", b"A\n\nBody A."), progress=lambda entry: during.append(cache_size()))
    assert during == [-65_536] and cache_size() == before


def test_a_fault_of_the_parser_or_extractor_on_one_item_spares_the_others(monkeypatch):
    import articles.import_work as work

    real_extract, real_parse = work.extract_quotes, work.parse_pending

    def extract(body):
        if "EXTRACTOR-BUG" in body:
            raise IndexError("boom")
        return real_extract(body)

    def parse(pending):
        if pending.data and b"PARSER-BUG" in pending.data:
            raise ValueError("bang")
        return real_parse(pending)

    monkeypatch.setattr(work, "extract_quotes", extract)
    monkeypatch.setattr(work, "parse_pending", parse)
    batch = run(
        ("good.txt", b'Good\n\n"We are fine," Ann Lee said.'),
        ("odd.txt", b'Odd\n\n"EXTRACTOR-BUG here," Ann Lee said.'),
        ("bad.txt", b"Bad\n\nPARSER-BUG in this one."),
        workers=1,
    )
    assert (batch.created_count, batch.failed_count) == (2, 1)
    [failed] = by_status(batch, "failed")
    assert failed["name"] == "bad.txt" and "internal error" in failed["reason"] and "bang" in failed["reason"]
    odd = next(entry for entry in batch.report if entry["name"] == "odd.txt")
    assert "Quote extraction failed" in odd["notes"][0]
    assert Article.objects.get(title="Odd").quotes.count() == 0
    assert Article.objects.get(title="Good").quotes.get().speaker.name == "Ann Lee"
