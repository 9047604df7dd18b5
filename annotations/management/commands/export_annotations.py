import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.http import QueryDict

from annotations import claimreview
from annotations.exporting import BASE_QUERYSETS, FORMATS, export_log_start, export_stream
from annotations.filters import AnnotationFilter
from annotations.models import ExportLog, Tag

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Export annotations (or quotes, or disagreements) to a file, streamed, with a progress bar on stderr. "
        "The same rows as the web export and the admin action."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="The file to write; - for standard output.")
        parser.add_argument("--format", choices=[f.value for f in ExportLog.Format], default=ExportLog.Format.CSV)
        parser.add_argument("--kind", choices=[k.value for k in ExportLog.Kind], default=ExportLog.Kind.ANNOTATIONS)
        parser.add_argument("--tag", action="append", default=[], help="Tag name or slug; repeat for several.")
        parser.add_argument("--since", help="Only annotations created on or after this date (YYYY-MM-DD).")
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000/",
            help="Where the app is served: article links in the W3C and ClaimReview exports start with it.",
        )

    def handle(self, *args, output, format, kind, tag, since, base_url, verbosity, **options):
        if format not in FORMATS[kind]:
            raise CommandError(f"{kind} can be exported as {', '.join(FORMATS[kind])}, not {format}.")
        if output != "-" and not Path(output).parent.is_dir():
            raise CommandError(f"No folder {Path(output).parent} to write {Path(output).name} in.")
        queryset, filters = self._selection(kind, tag, since)
        log = export_log_start(user=None, kind=kind, format=format, via=ExportLog.Via.COMMAND, filters=filters)
        exported = claimreview.reviewable(queryset) if format == ExportLog.Format.CLAIMREVIEW else queryset
        total = exported.count() if verbosity else 0
        progress = _Progress(self.stderr, total) if verbosity else None
        stream = export_stream(
            log=log, queryset=queryset, base_url=base_url, progress=progress.update if progress else None
        )
        with _open(output) as out:
            for data in stream:
                out.write(data)
        if progress:
            progress.done()
        log.refresh_from_db()
        if verbosity and output != "-":
            self.stdout.write(f"Wrote {log.rows:,} rows to {output} (export #{log.pk}).")

    def _selection(self, kind, tags, since):
        if kind != ExportLog.Kind.ANNOTATIONS:
            if tags or since:
                raise CommandError("--tag and --since select annotations; quotes and disagreements export whole.")
            return BASE_QUERYSETS[kind](), {}
        params = QueryDict(mutable=True)
        for name in tags:
            found = Tag.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
            if found is None:
                known = ", ".join(Tag.objects.values_list("slug", flat=True))
                raise CommandError(f"No tag “{name}”. Tags: {known}.")
            params.appendlist("tag", str(found.pk))
        if since:
            params["created_after"] = since
        filterset = AnnotationFilter(params, queryset=BASE_QUERYSETS[kind]())
        if not filterset.is_valid():
            problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
            raise CommandError(f"Cannot select those annotations: {problems}")
        filters = {key: values[0] if len(values) == 1 else values for key, values in params.lists()}
        return filterset.qs, filters


class _open:
    """The output file, or standard output for -, to write the export's bytes to."""

    def __init__(self, output: str):
        self.output = output

    def __enter__(self):
        if self.output == "-":
            sys.stdout.flush()
            return sys.stdout.buffer
        self.file = Path(self.output).open("wb")
        return self.file

    def __exit__(self, *exc):
        if self.output == "-":
            sys.stdout.buffer.flush()
        else:
            self.file.close()


class _Progress:
    """A bar redrawn in place on a terminal; a line every tenth of the way otherwise."""

    def __init__(self, stream, total: int):
        self.stream, self.total = stream, total
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.perf_counter()
        self.shown_tenths = 0
        self.rows = 0

    def update(self, rows: int) -> None:
        self.rows = rows
        if self.interactive:
            self.stream.write("\r" + self._line(), ending="")
            self.stream.flush()
        elif self.total and rows * 10 // self.total > self.shown_tenths:
            self.shown_tenths = rows * 10 // self.total
            self.stream.write(self._line())

    def done(self) -> None:
        if self.interactive:
            self.stream.write("")
        elapsed = time.perf_counter() - self.started
        rate = self.rows / elapsed if elapsed else 0
        self.stream.write(f"{self.rows:,} rows in {elapsed:.2f} s ({rate:,.0f} rows/s)")

    def _line(self) -> str:
        share = min(1.0, self.rows / self.total) if self.total else 1.0
        filled = round(share * BAR_WIDTH)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%} {self.rows:,}/{self.total:,} rows"
