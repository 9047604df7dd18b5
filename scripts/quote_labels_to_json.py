"""Turn hand-written quote labels into offsets for tests/data/quotes_eval.json.

The label file (kept outside the repository: it quotes article text) has, per article,
a line "@ <folder>/<file> <dev|heldout|unseen|blind> [indirect]" then one line per quote:
"<K>|<first words>|<last words>|<speaker>[|<alternative name>...]" where K is D (direct),
C (continuation), P (partial), I (indirect) or G (designation). The span starts at the first
occurrence of <first words> after the previous label's start and ends after the first
occurrence of <last words> from there (or after <first words> when <last words> is empty).
Where those words occur earlier too, <first words> may open with the text right before the span
and "<<" ("act in the \"<<best interest"): that text is searched with it and left out of the span.
This script only locates the words the labeller chose; it makes no judgement of its own.

    python scripts/quote_labels_to_json.py LABELS... --corpus ../shared/corpus/bbc \
        --out tests/data/quotes_eval.json
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.sources import items_from_file  # a pure module: no Django setup needed

KINDS = {"D": "direct", "C": "continuation", "P": "partial", "I": "indirect", "G": "designation"}


def bbc_body(path: Path) -> str:
    """The body as an import stores it (decoded, parsed, cleaned): what evaluate_quotes scores."""
    return next(items_from_file(path.name, path.read_bytes())).parsed.body


def parse(files: list[Path]):
    articles = []
    for file in files:
        for line_no, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            if line.startswith("@"):
                parts = line[1:].split()
                articles.append(
                    {"file": parts[0], "split": parts[1], "indirect": "indirect" in parts[2:], "labels": []}
                )
                continue
            kind, first, last, *speakers = line.split("|")
            articles[-1]["labels"].append((f"{file.name}:{line_no}", KINDS[kind], first, last, speakers))
    return articles


def locate(body: str, labels, where: str):
    quotes, cursor = [], 0
    for ref, kind, first, last, speakers in labels:
        before, _, first = first.rpartition("<<")
        start = body.find(before + first, cursor)
        if start < 0:
            sys.exit(f"{ref}: {before + first!r} not found in {where} after offset {cursor}")
        start += len(before)
        end = start + len(first)
        if last:
            at = body.find(last, start)
            if at < 0:
                sys.exit(f"{ref}: {last!r} not found in {where} after offset {start}")
            end = at + len(last)
        speaker = [s for s in speakers if s] or [None]
        quote = {"start": start, "end": end, "kind": kind, "speaker": speaker[0]}
        if len(speaker) > 1:
            quote["speaker_aliases"] = speaker[1:]
        quotes.append(quote)
        cursor = start + 1
    return sorted(quotes, key=lambda q: (q["start"], q["end"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("labels", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--guidelines", default="tests/data/quotes_eval.md")
    parser.add_argument(
        "--add",
        action="store_true",
        help="keep the articles and split notes already in --out; the labelled articles replace their namesakes",
    )
    parser.add_argument("--split-note", action="append", default=[], metavar="SPLIT=NOTE")
    args = parser.parse_args()
    out = []
    for article in parse(args.labels):
        body = bbc_body(args.corpus / article["file"])
        out.append(
            {
                "file": article["file"],
                "split": article["split"],
                "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                "indirect_labelled": article["indirect"],
                "quotes": locate(body, article["labels"], article["file"]),
            }
        )
    data = {
        "about": "Hand-labelled quotes in BBC News articles; offsets into the body. No article text.",
        "guidelines": args.guidelines,
        "body": "UTF-8 (else cp1252), CRLF->LF, first line (title) dropped, str.strip()",
        "splits": {},
        "articles": out,
    }
    if args.add and args.out.exists():
        kept = json.loads(args.out.read_text(encoding="utf-8"))
        labelled = {article["file"] for article in out}
        data["splits"] = kept.get("splits", {})
        data["articles"] = [a for a in kept["articles"] if a["file"] not in labelled] + out
    data["splits"].update(note.split("=", 1) for note in args.split_note)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for article in out:
        for q in article["quotes"]:
            counts[q["kind"]] = counts.get(q["kind"], 0) + 1
    print(f"{len(out)} articles; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
