"""Errors that reach users: each names the file, the field and the problem."""

from __future__ import annotations

from pathlib import Path


class BurdenshareError(Exception):
    """Base of all errors the package raises on purpose."""


class InputError(BurdenshareError):
    """Bad input: a file, a field in it, and what is wrong with it.

    The command line turns this into one line on stderr and exit code 2.
    """

    def __init__(self, source: str | Path, field: str, problem: str) -> None:
        self.source = str(source)
        self.field = field
        self.problem = problem
        where = f"{self.source}: {field}" if field else self.source
        super().__init__(f"{where}: {problem}")


class MissingDataError(BurdenshareError):
    """A computation needs a value that no bundled or supplied series holds."""

    def __init__(self, series: str, year: int, hint: str = "") -> None:
        self.series = series
        self.year = year
        text = f"series {series!r} has no value for {year}"
        super().__init__(f"{text}; {hint}" if hint else text)
