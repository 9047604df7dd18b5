import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from articles.management.progress import ProgressLine
from articles.models import Article
from articles.quote_sync import RefreshResult, quotes_refresh_many
from articles.quotes import extract_quotes

CONTRACT_FIELDS = ("start", "end", "text", "speaker", "kind", "cue")


class Command(BaseCommand):
    help = (
        "Re-extract quote suggestions for stored articles (--article ID or --all), or with "
        "--stdin --json print the quotes of one body read from standard input (no database needed)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--article", type=int, action="append", help="An article id (repeatable).")
        target.add_argument("--all", action="store_true", help="Every article.")
        target.add_argument("--stdin", action="store_true", help="Read one article body from standard input.")
        parser.add_argument("--json", action="store_true", help="With --stdin: one JSON object per line.")

    def handle(self, *args, article, all, stdin, json: bool, verbosity, **options):
        if stdin:
            return self._from_stdin(as_json=json)
        if json:
            raise CommandError("--json goes with --stdin.")
        articles = Article.objects.order_by("pk")
        if article:
            articles = articles.filter(pk__in=article)
            missing = set(article) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        self._refresh(articles.only("pk"), verbosity)

    def _from_stdin(self, *, as_json: bool) -> None:
        # Bytes, decoded here: text-mode stdin would translate line ends and shift the offsets.
        body = sys.stdin.buffer.read().decode("utf-8") if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        try:
            for quote in extract_quotes(body):
                if as_json:
                    self.stdout.write(json_dumps({name: getattr(quote, name) for name in CONTRACT_FIELDS}))
                else:
                    self.stdout.write(f"{quote.start}-{quote.end} {quote.kind:12} {quote.speaker or '?'}: {quote.text}")
                self.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (e.g. `| head`): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def _refresh(self, articles, verbosity: int) -> None:
        ids = list(articles.values_list("pk", flat=True))
        line = ProgressLine(self.stderr, verbosity)

        def progress(done: RefreshResult) -> None:
            count = done.articles + done.failed
            if line.due(count, last=count >= len(ids)):
                line.show(count, f"{count:,}/{len(ids):,} articles, {done.created:,} suggestions")

        result = quotes_refresh_many(ids, progress=progress)
        line.end()
        self.stdout.write(
            f"{len(ids):,} articles: {result.created:,} suggestions stored, {result.replaced:,} old suggestions "
            f"replaced, {result.kept:,} quotes kept as editors left them."
        )
        if result.failed:
            self.stderr.write(
                f"The extractor failed on {result.failed:,} article(s); their quotes were left as they were "
                "(see the log)."
            )


def json_dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)
