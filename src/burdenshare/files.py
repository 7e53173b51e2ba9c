"""Writing an output file atomically: a temporary file beside it, then a rename over it.

A failure (bad input found late, a full disk, Ctrl+C) leaves the previous file, or none, and no
temporary file: never a half-written one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from burdenshare.errors import InputError


def atomic_write(path: Path, data: bytes, source: str = "--output") -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError(source, "output", f"folder {str(folder)!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o644)  # as an ordinary new file, not mkstemp's 0600
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
