import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.importing import CREATED, DUPLICATE, articles_import, uploads_from_paths
from articles.management.progress import ProgressLine


class Command(BaseCommand):
    help = "Import articles from files, folders and zips (.txt, .csv, .jsonl, .zip), with a progress line."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders (read recursively) or zips.")
        parser.add_argument("--outlet", default="", help="Outlet for articles that name none.")
        parser.add_argument("--show", choices=["failed", "all", "none"], default="failed", help="Items to list.")
        parser.add_argument("--user", default="", help="Username the import batch is recorded under.")

    def handle(self, *args, paths, outlet, show, user, verbosity, **options):
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named “{user}”.")
        counts = {"created": 0, "duplicate": 0, "failed": 0}
        line = ProgressLine(self.stderr, verbosity, tty_step=50)
        started = time.perf_counter()

        def progress(entry):
            counts[entry["status"]] += 1
            done = sum(counts.values())
            if line.due(done):
                line.show(
                    done,
                    f"{done:,} items: {counts['created']:,} created, "
                    f"{counts['duplicate']:,} duplicate, {counts['failed']:,} failed",
                )

        batch = articles_import(
            uploads=uploads_from_paths(paths),
            source=" ".join(paths),
            user=importer,
            outlet_name=outlet,
            progress=progress,
        )
        elapsed = time.perf_counter() - started
        line.end()
        if verbosity:
            for entry in batch.report:
                if show == "all" or (show == "failed" and entry["status"] not in (CREATED, DUPLICATE)):
                    self.stdout.write(f"{entry['status']:9} {entry['name']}: {entry.get('reason', '')}".rstrip(": "))
        rate = batch.total / elapsed if elapsed else 0
        self.stdout.write(
            f"Import #{batch.pk}: {batch.total:,} items, {batch.created_count:,} created, "
            f"{batch.duplicate_count:,} duplicate, {batch.failed_count:,} failed "
            f"in {elapsed:.2f} s ({rate:,.0f} items/s)."
        )
