"""Errors of the store: not found, conflict (stale version, duplicate), invalid input."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from burdenshare.errors import BurdenshareError

Loc = tuple[str | int, ...]


class StoreError(BurdenshareError):
    """Base of the store's errors."""


class NotFound(StoreError):
    """No such record, or the caller may not see it (the two are never told apart)."""


class Forbidden(StoreError):
    """The caller sees the record but their role does not allow the change."""


class Conflict(StoreError):
    """A stale version (someone changed the record first) or a clash with another record."""


@dataclass(frozen=True)
class FieldError:
    loc: Loc
    msg: str

    def path(self) -> str:
        text = ""
        for part in self.loc:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text


class Invalid(StoreError):
    """Input that breaks a rule of the record (field-level messages; nothing was written)."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.path()}: {e.msg}" for e in self.errors))

    @classmethod
    def one(cls, loc: Loc, msg: str) -> Invalid:
        return cls([FieldError(loc, msg)])
