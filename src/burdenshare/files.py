"""Writing an output file atomically: a temporary file beside it, then a rename over it.

A failure (bad input found late, a full disk, Ctrl+C) leaves the previous file, or none, and no
temporary file: never a half-written one.

Only a regular file or a new path is written. A directory, a symbolic link (whose target a
rename would silently cut loose), a device (``/dev/full``: a rename as root would turn it into
a regular file), a FIFO or a socket is refused with one line naming the path, before anything
is computed or written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from burdenshare.errors import InputError

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_output_path(path: Path, source: str = "--output") -> None:
    """Refuse ``path`` unless it is a regular file or does not exist (in an existing folder)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(source, str(path), f"cannot be written: {exc.strerror or exc}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise InputError(source, str(path), f"is {kind}: give a regular file or a new path")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError(source, "output", f"folder {str(folder)!r} does not exist")


def atomic_write(path: Path, data: bytes, source: str = "--output") -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    check_output_path(path, source)
    folder = path.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(source, str(path), f"cannot be written: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, 0o644)  # as an ordinary new file, not mkstemp's 0600
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        check_output_path(path, source)  # still a regular file or absent (not swapped meanwhile)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(source, str(path), f"cannot be written: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
