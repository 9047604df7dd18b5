"""The progress line that the long-running commands (import_articles, extract_quotes) write."""

import sys


class ProgressLine:
    """On a terminal, one line rewritten in place at most every ``tty_step`` items; in a log, a
    line every ``log_step`` items, and for the last one when told. Nothing at verbosity 0."""

    def __init__(self, stream, verbosity: int, *, tty_step: int = 1, log_step: int = 1000):
        self.stream, self.on = stream, bool(verbosity)
        self.interactive = sys.stderr.isatty()
        self.step = tty_step if self.interactive else log_step
        self.shown = 0

    def due(self, count: int, *, last: bool = False) -> bool:
        """Whether the line should show ``count`` items now (asked first: the text costs a format)."""
        return self.on and (count >= self.shown + self.step or last)

    def show(self, count: int, text: str) -> None:
        self.shown = count
        if self.interactive:
            self.stream.write(f"\r{text}", ending="")
            self.stream.flush()
        else:
            self.stream.write(text)

    def end(self) -> None:
        """Close a line rewritten in place, so that what follows starts on a line of its own."""
        if self.on and self.interactive and self.shown:
            self.stream.write("")
