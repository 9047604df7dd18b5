"""Phase-1 evaluation without Django: BBC bodies computed as documented in quotes_eval.md.

    python scripts/evaluate_quotes_bbc.py [--split dev] [--show]
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from articles.quote_eval import evaluate, format_report  # noqa: E402
from articles.quotes import extract_quotes  # noqa: E402
from quote_labels_to_json import bbc_body  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / "tests/data/quotes_eval.json")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/bbc")
    parser.add_argument("--split", default=None)
    args = parser.parse_args()
    data = json.loads(args.data.read_text(encoding="utf-8"))
    if args.split:
        data["articles"] = [a for a in data["articles"] if a["split"] == args.split]
    bodies = {a["file"]: bbc_body(args.corpus / a["file"]) for a in data["articles"]}
    print(format_report(evaluate(data, bodies, extract_quotes)))


if __name__ == "__main__":
    main()
