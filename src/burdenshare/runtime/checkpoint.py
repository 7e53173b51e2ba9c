"""A job's output directory: manifest, one file per finished chunk, the summary.

```
OUT/manifest.json        the job (canonical), its digest, chunk count, runs so far
OUT/chunks/000123.json   chunk 123's partial summary, written atomically when it finishes
OUT/raw/000123.parquet   its raw outcomes (only when the job asks for them)
OUT/summary.json         the merged summary (and summary.parquet, one row per metric)
```

A resumed run reads the chunk files present and computes only the others; a manifest of a
different job (or burdenshare version) is an error, never mixed in.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from burdenshare.errors import InputError
from burdenshare.runtime.job import Job
from burdenshare.runtime.kinds import I64


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write via a temporary file in the same directory, then rename over ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=1) + "\n"
    _atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def chunk_name(index: int) -> str:
    return f"{index:06d}"


class Checkpoint:
    """The directory ``out`` of ``job``; :meth:`open` checks it and lists finished chunks."""

    def __init__(self, out: Path, job: Job) -> None:
        self.out, self.job = out, job
        self.manifest = out / "manifest.json"
        self.chunks = out / "chunks"

    def open(self, resume: bool) -> None:
        """Check the directory holds this job (to resume) or nothing; create it if new."""
        if self.manifest.exists():
            if not resume:
                raise InputError(self.out, "--out", "holds a job already: --resume continues it")
            try:
                digest = json.loads(self.manifest.read_text(encoding="utf-8"))["digest"]
            except (OSError, ValueError, KeyError, TypeError):
                raise InputError(self.manifest, "digest", "unreadable manifest") from None
            if digest != self.job.digest:
                raise InputError(
                    self.manifest,
                    "digest",
                    "written by another job or burdenshare version: not mixed in",
                )
            return
        if self.out.exists() and any(self.out.iterdir()):
            raise InputError(self.out, "--out", "is not empty and holds no job")
        self.chunks.mkdir(parents=True, exist_ok=True)
        self._write_manifest([])

    def finished(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """The chunks already done, one file at a time: (index, partial summary)."""
        for path in sorted(self.chunks.glob("[0-9]*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            yield int(data["chunk"]), data

    def _write_manifest(self, runs: list[dict[str, Any]]) -> None:
        write_json(
            self.manifest,
            {
                "digest": self.job.digest,
                "job": json.loads(self.job.text),
                "chunks": self.job.chunks,
                "runs": runs,
            },
        )

    def save(self, index: int, partial: dict[str, Any], raw: dict[str, I64] | None) -> None:
        if raw is not None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            folder = self.out / "raw"
            folder.mkdir(exist_ok=True)
            table = pa.table(raw)
            _atomic(folder / f"{chunk_name(index)}.parquet", lambda p: pq.write_table(table, p))
        write_json(self.chunks / f"{chunk_name(index)}.json", partial)

    def finish(self, summary: dict[str, Any], computed: int, reused: int) -> None:
        runs = json.loads(self.manifest.read_text(encoding="utf-8")).get("runs", [])
        write_json(self.out / "summary.json", summary)
        if self.job.spec.outputs.parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            rows = [{"metric": k, **v} for k, v in summary["metrics"].items()]
            table = pa.Table.from_pylist(rows)
            _atomic(self.out / "summary.parquet", lambda p: pq.write_table(table, p))
        self._write_manifest([*runs, {"computed": computed, "reused": reused}])
