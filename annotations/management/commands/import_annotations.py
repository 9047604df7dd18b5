import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.import_rows import FormatError, read_csv, read_jsonl
from annotations.importing import MISSING_ARTICLE, NOT_IMPORTED, ORPHANED, annotations_import

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


class Command(BaseCommand):
    help = (
        "Import annotations from our own export (JSON Lines or CSV) and report on every one not imported "
        "as it was: article missing, id taken, text no longer matching (imported, flagged orphaned)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An export made by export_annotations or the Export button.")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="Default: from the file name or content.")
        parser.add_argument("--user", help="Username recorded as the importer in the annotations' history.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then write nothing.")

    def handle(self, *args, file, format, user, dry_run, verbosity, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user “{user}”.")
        started = time.perf_counter()
        with path.open("rb") as binary:
            format = format or _guess_format(path, binary)
            records = read_jsonl(binary) if format == "jsonl" else read_csv(binary)
            try:
                report = annotations_import(records=records, user=importer, dry_run=dry_run)
            except FormatError as error:
                raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        if verbosity:
            for entry in report.entries:
                label = f"#{entry.id}" if entry.id else "?"
                self.stdout.write(f"{entry.outcome:15} {entry.where} ({label}): {entry.reason}")
            for note in report.notes:
                self.stdout.write(f"{'note':15} {note}")
        counts = report.counts
        self.stdout.write(
            f"{'Checked' if dry_run else 'Imported'} {report.imported:,} annotations "
            f"({counts[ORPHANED]:,} flagged orphaned) in {elapsed:.2f} s; not imported: {report.not_imported:,} "
            f"({', '.join(f'{counts[outcome]:,} {outcome}' for outcome in NOT_IMPORTED)})."
            + (" Dry run: nothing was written." if dry_run else "")
        )
        if counts[MISSING_ARTICLE]:
            self.stdout.write("Import the missing articles first (import_articles), then this file again.")


def _guess_format(path: Path, binary) -> str:
    if path.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    if path.suffix.lower() == ".csv":
        return "csv"
    first = binary.peek(1)[:1] if hasattr(binary, "peek") else b""
    return "jsonl" if first == b"{" else "csv"
