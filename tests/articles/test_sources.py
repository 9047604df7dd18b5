"""Decoding and unpacking: pure functions, no database."""

import io
import zipfile

import pytest

from articles.parsing import ItemError
from articles.sources import Limits, decode_bytes, items_from_file


def make_zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ARTICLE = b"A title\n\nThe body of the article.\n"


def test_it_decodes_utf8_with_and_without_bom():
    assert decode_bytes("Caf\u00e9".encode()) == ("Caf\u00e9", [])
    text, notes = decode_bytes(b"\xef\xbb\xbf" + "Caf\u00e9".encode())
    assert text == "Caf\u00e9" and "byte-order mark" in notes[0]


def test_it_falls_back_to_cp1252_with_a_note():
    text, notes = decode_bytes("Caf\u00e9 \u2013 \u00a31".encode("cp1252"))
    assert text == "Caf\u00e9 \u2013 \u00a31"
    assert "Windows-1252" in notes[0]


def test_it_decodes_utf16_with_bom():
    text, _ = decode_bytes("Title\n\nBody".encode("utf-16"))
    assert text == "Title\n\nBody"


@pytest.mark.parametrize(
    "data, message", [(b"", "empty"), (b"  \n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary")]
)
def test_it_refuses_empty_and_binary_data(data, message):
    with pytest.raises(ItemError, match=message):
        decode_bytes(data)


def test_it_reads_every_text_file_of_a_zip_with_folders():
    data = make_zip({"a/one.txt": ARTICLE, "a/b/two.txt": b"Second\n\nOther body.", "a/": b""})
    items = list(items_from_file("batch.zip", data))
    assert [item.name for item in items] == ["batch.zip: a/one.txt", "batch.zip: a/b/two.txt"]
    assert all(item.parsed and not item.error for item in items)


def test_it_skips_os_metadata_in_a_zip():
    data = make_zip({"__MACOSX/._one.txt": b"junk", ".DS_Store": b"junk", "one.txt": ARTICLE})
    assert [item.name for item in items_from_file("x.zip", data)] == ["x.zip: one.txt"]


def test_it_refuses_a_file_that_is_not_a_zip():
    [item] = items_from_file("fake.zip", b"PK but not really a zip")
    assert "not a zip" in item.error


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt", "C:/evil.txt"])
def test_it_refuses_unsafe_paths_in_a_zip_and_keeps_the_good_entries(name):
    data = make_zip({name: ARTICLE, "good.txt": b"Good\n\nGood body."})
    items = {item.name: item for item in items_from_file("x.zip", data)}
    assert "Unsafe path" in items[f"x.zip: {name}"].error
    assert items["x.zip: good.txt"].parsed.title == "Good"


def test_it_refuses_a_zip_with_too_many_entries():
    data = make_zip({f"{n}.txt": ARTICLE for n in range(6)})
    [item] = items_from_file("many.zip", data, Limits(max_zip_entries=5))
    assert "6 files" in item.error


def test_it_refuses_a_zip_bomb_by_ratio():
    data = make_zip({"bomb.txt": b"a" * (3 * 1024 * 1024)})
    [item] = items_from_file("bomb.zip", data)
    assert "compression ratio" in item.error


def test_it_counts_uncompressed_bytes_while_reading():
    entries = {f"{n}.txt": f"Title {n}\n\n".encode() + bytes(range(65, 91)) * 40 for n in range(5)}
    data = make_zip(entries, compression=zipfile.ZIP_STORED)
    items = list(items_from_file("big.zip", data, Limits(max_zip_total_bytes=3000)))
    assert sum(1 for item in items if item.parsed) == 2
    assert "total size" in items[2].error


def test_it_refuses_an_oversize_article():
    [item] = items_from_file("huge.txt", b"Title\n\n" + b"word " * 1000, Limits(max_article_bytes=1000))
    assert "may be at most" in item.error


def test_it_refuses_nested_zips_and_unknown_types():
    data = make_zip({"inner.zip": make_zip({"a.txt": ARTICLE}), "doc.pdf": b"%PDF"})
    errors = sorted(item.error for item in items_from_file("outer.zip", data))
    assert "Unsupported file type" in errors[0] and "Zips inside zips" in errors[1]


def test_it_reads_csv_rows_and_reports_bad_rows_alone():
    csv_data = (
        b"title,published_on,url,outlet,body\n"
        b"One,2016-09-15,https://a.example/1,Paper,First body\n"
        b'Two,not a date,,Paper,"Second, with a comma"\n'
        b",,,,\n"
        b'Three,,,,"Multi\nline body"\n'
    )
    items = list(items_from_file("rows.csv", csv_data))
    assert [item.name for item in items] == ["rows.csv line 2", "rows.csv line 3", "rows.csv line 6"]
    assert items[0].parsed.url == "https://a.example/1"
    assert "could not be read" in items[1].error
    assert items[2].parsed.body == "Multi\nline body"


def test_it_refuses_a_csv_missing_a_column():
    [item] = items_from_file("bad.csv", b"title,body\nOne,Body\n")
    assert "missing the column(s) published_on, url, outlet" in item.error


def test_it_reads_json_lines_and_reports_bad_lines_alone():
    data = (
        b'{"title": "One", "body": "Body one", "published_on": "2016-09-15"}\n'
        b"{not json}\n"
        b'["a list"]\n'
        b'{"title": "No body"}\n'
        b"\n"
        b'{"title": "Two", "body": "Body two", "outlet": "Paper", "url": null}\n'
    )
    items = list(items_from_file("rows.jsonl", data))
    assert [bool(item.parsed) for item in items] == [True, False, False, False, True]
    assert "Not valid JSON" in items[1].error
    assert "JSON object" in items[2].error
    assert "missing the key(s) body" in items[3].error
    assert items[4].parsed.outlet == "Paper"
