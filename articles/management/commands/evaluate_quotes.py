import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.quote_eval import evaluate, format_report
from articles.quotes import extract_quotes
from articles.sources import items_from_file

DEFAULT_DATA = Path(settings.BASE_DIR) / "tests" / "data" / "quotes_eval.json"
DEFAULT_CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "bbc"


class Command(BaseCommand):
    help = "Score quote extraction on the hand-labelled BBC set: P/R/F1 (exact, overlap), speaker accuracy."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="The labelled set (JSON).")
        parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="The BBC corpus folder.")

    def handle(self, *args, data: Path, corpus: Path, **options):
        if not data.is_file():
            raise CommandError(f"No evaluation set at {data}.")
        if not corpus.is_dir():
            self.stdout.write(f"The BBC corpus is not at {corpus}: nothing to evaluate (pass --corpus PATH).")
            return
        dataset = json.loads(data.read_text(encoding="utf-8"))
        bodies = {}
        for article in dataset["articles"]:
            path = corpus / article["file"]
            if path.is_file():
                # The real import path: decoding, parsing and cleaning exactly as an import does.
                item = next(items_from_file(article["file"], path.read_bytes()))
                if item.parsed:
                    bodies[article["file"]] = item.parsed.body
        report = evaluate(dataset, bodies, extract_quotes)
        self.stdout.write(format_report(report))
        if report.mismatched:
            raise CommandError(f"{len(report.mismatched)} labelled articles missing or changed (sha256 differs).")
