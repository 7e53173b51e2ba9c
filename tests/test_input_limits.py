"""Issue 20, input side: the limits table (burdenshare/limits.py), output files that are not
regular files, SQLite URLs of odd file names, and the CLI paths that printed tracebacks.

Each CLI case runs the entry point in this process (a process per case costs a second) and
expects exit code 2 with one line naming the file or option, or success on the right file."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from burdenshare import limits
from burdenshare.cli import main
from burdenshare.costs.sectors import SectorSplit
from burdenshare.errors import InputError
from burdenshare.negotiation.genius import parse_genius_domain

DATA = Path(__file__).parent / "data"
GENIUS = DATA / "genius"


def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``burdenshare ARGS`` in this process: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["burdenshare", *args])
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return int(code or 0), captured.out, captured.err


def refused(result: tuple[int, str, str], *words: str) -> None:
    code, out, err = result
    assert code == 2, err
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err


# --- the limits table -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0e-999999999", "more than 12 decimal places"),
        ("-1e-999999999", "more than 12 decimal places"),
        ("1e999999999", "larger than 1,000,000,000,000,000,000 in magnitude"),
        ("1000000000000000001", "larger than"),
        ("NaN", "not a finite number"),
        ("sNaN", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1" * 65, "more than 64 characters"),
        ("1.0000000000000", "more than 12 decimal places"),
        ("12,5", "is not a number"),
    ],
)
def test_parse_decimal_refuses_quickly(text: str, problem: str) -> None:
    started = time.perf_counter()
    with pytest.raises(limits.LimitError, match=problem):
        limits.parse_decimal(text)
    assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e18", Decimal(10**18)),
        ("-1e18", Decimal(-(10**18))),
        ("0.000000000001", Decimal("1e-12")),
        ("8.2", Decimal("8.2")),
        (" 100e0 ", Decimal(100)),
        ("-0", Decimal(0)),
    ],
)
def test_parse_decimal_keeps_ordinary_numbers_exact(text: str, value: Decimal) -> None:
    assert limits.parse_decimal(text) == value


def test_sector_split_refuses_a_huge_exponent_at_once() -> None:
    """Finding 2 at the domain level: 10**999999999 was built as an integer."""
    started = time.perf_counter()
    with pytest.raises(ValueError, match="more than 12 decimal places"):
        SectorSplit.from_shares({"payroll": Decimal("100e0"), "other": Decimal("0e-999999999")})
    assert time.perf_counter() - started < 0.1
    split = SectorSplit.from_shares(
        {"a": Decimal("33.333333333333"), "b": Decimal("66.666666666667")}
    )
    assert split.weights == (33_333_333_333_333, 66_666_666_666_667)
    assert split.split(100) == {"a": 33, "b": 67}


def test_outcome_count_is_checked_before_enumerating() -> None:
    assert limits.check_outcomes([12, 5, 4, 2]) == 480
    assert limits.check_outcomes([1000, 1000]) == limits.MAX_OUTCOMES
    with pytest.raises(limits.LimitError, match="more than 1,000,000 outcomes"):
        limits.check_outcomes([1000, 1001])
    # the 30 million outcomes: refused before a single one is built
    text = (GENIUS / "domain.xml").read_text().replace('upperbound="5"', 'upperbound="10000000"')
    started = time.perf_counter()
    with pytest.raises(InputError, match="more than 1,000,000 outcomes"):
        parse_genius_domain(text, "thirty-million.xml")
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"v": NaN}', "NaN is not a number"),
        ('{"v": -Infinity}', "-Infinity is not a number"),
        ('{"v": 1e999}', "larger than"),
        ('{"v": ' + "9" * 5000 + "}", "more than 64 characters"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_json_numbers_within_the_limits(text: str, problem: str) -> None:
    with pytest.raises(limits.LimitError, match=problem):
        limits.loads_json(text)
    assert limits.loads_json('{"v": 0.30000000000000004, "n": 3}') == {
        "v": 0.30000000000000004,
        "n": 3,
    }


@pytest.mark.parametrize(
    ("value", "within"),
    [
        ({"amount": 108, "duration": 2, "assets": "no", "rate": 0.3, "none": None}, True),
        ([True, False, 10**18, -(10**18), 1e18], True),
        ({"amount": float("nan")}, False),
        ({"a": [1, {"b": float("-inf")}]}, False),
        ([10**18 + 1], False),
        ({"w": 1.5e18}, False),
    ],
)
def test_within_limits_finds_what_was_stored_before_the_checks(value: object, within: bool) -> None:
    assert limits.within_limits(value) is within


# --- output files ---------------------------------------------------------------------------


def test_output_refuses_special_files_and_writes_regular_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 3: -o replaced devices (/dev/full as root), FIFOs and symbolic links."""
    target = tmp_path / "target.csv"
    target.write_text("keep\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = {
        "/dev/null": "is a character device",
        str(fifo): "is a FIFO",
        str(link): "is a symbolic link",
        str(folder): "is a directory",
        str(tmp_path / "absent" / "x.csv"): "does not exist",
    }
    for path, problem in cases.items():
        result = cli(monkeypatch, capsys, "compare", "sma-2018", "--format", "csv", "-o", path)
        refused(result, "--output", problem)
    assert target.read_text() == "keep\n" and link.is_symlink() and fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fifo.csv",
        "folder",
        "link.csv",
        "target.csv",
    ]
    for path in (target, tmp_path / "new.csv"):  # a regular file is replaced, a new one made
        assert cli(monkeypatch, capsys, "compare", "sma-2018", "-f", "csv", "-o", str(path))[0] == 0
        assert path.read_text().startswith("proposal,party,year,")
    briefing = tmp_path / "briefing.html"
    briefing.symlink_to(target)
    result = cli(monkeypatch, capsys, "report", "sma-2018", "-o", str(briefing))
    refused(result, "symbolic link")
    assert target.read_text().startswith("proposal,")


def test_job_out_must_be_a_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    for out in (str(file), "/dev/null"):
        result = cli(monkeypatch, capsys, "job", "run", "sma-2018-montecarlo", "--out", out)
        refused(result, "--out", "is not a directory")
    assert file.read_text() == "x"


# --- CLI inputs that printed tracebacks or hung ---------------------------------------------


@pytest.mark.parametrize(
    ("assume", "problem"),
    [
        ("kr-cpi=2019:-1000", "-1000% is below -100%"),  # finding 13: a negative contribution
        ("kr-cpi=2019:NaN", "not a finite number"),
        ("kr-cpi=2019:1e999999999", "larger than"),
        ("kr-cpi=2019:0e-999999999", "more than 12 decimal places"),
        ("kr-cpi=99999999999999999999:1", "outside 1900…2200"),
        ("krw-per-usd=2019:0", "is not above 0"),
        ("kr-cpi=2019", "expected SERIES=YEAR:VALUE"),
    ],
)
def test_assume_refuses_in_one_line(
    assume: str,
    problem: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = cli(monkeypatch, capsys, "schedule", "SMA-10", "--real", "--assume", assume)
    refused(result, "--assume", problem)


def test_unreadable_inputs_do_not_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO blocked `compare` and `negotiate --genius`; /dev/zero was read forever."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero"):
        refused(cli(monkeypatch, capsys, "compare", path), path, "not a regular file")
        refused(cli(monkeypatch, capsys, "job", "validate", path), "not a regular file")
        result = cli(monkeypatch, capsys, "negotiate", "--genius", path, path, path)
        refused(result, "not a regular file")


# --- tracker files: backups and imports -----------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data home whose name holds #, ? and %, with a migrated database in it."""
    folder = tmp_path / "home #1?x=%41"
    monkeypatch.setenv("BURDENSHARE_HOME", str(folder))
    monkeypatch.delenv("BURDENSHARE_DATABASE_URL", raising=False)
    return folder


def _rows(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def test_backup_and_restore_with_odd_names(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 9: '#', '?' and '%' in the backup's name or the home folder's."""
    assert cli(monkeypatch, capsys, "db", "upgrade")[0] == 0
    database = home / "burdenshare.db"
    assert database.is_file() and _rows(database, "alembic_version") == 1  # the right file
    assert sorted(p.name for p in tmp_path.iterdir()) == [home.name]  # and no other
    for name in ("a#b.db", "a?b.db", "a%41b.db", "a%b.db", "100%.db"):
        target = tmp_path / name
        code, out, err = cli(monkeypatch, capsys, "db", "backup", str(target))
        assert code == 0, err
        assert _rows(target, "alembic_version") == 1
        code, out, err = cli(monkeypatch, capsys, "db", "restore", str(target))
        assert code == 0 and out.startswith("restored "), err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [home.name, "a#b.db", "a?b.db", "a%41b.db", "a%b.db", "100%.db"]
    )


def test_backup_targets_and_restore_sources_that_are_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(monkeypatch, capsys, "db", "upgrade")[0] == 0
    good = tmp_path / "good.db"
    assert cli(monkeypatch, capsys, "db", "backup", str(good))[0] == 0
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link.db"
    link.symlink_to(good)
    for target, problem in ((fifo, "FIFO"), (link, "symbolic link"), (tmp_path, "directory")):
        refused(cli(monkeypatch, capsys, "db", "backup", str(target)), problem)
    refused(cli(monkeypatch, capsys, "db", "backup", "/dev/null"), "character device")
    assert link.is_symlink() and fifo.is_fifo()
    for source in (fifo, tmp_path, Path("/dev/zero")):
        refused(cli(monkeypatch, capsys, "db", "restore", str(source)), "not a regular file")
    incomplete = tmp_path / "incomplete.db"
    incomplete.write_bytes(good.read_bytes())
    connection = sqlite3.connect(incomplete)
    connection.execute("DROP TABLE audit_log")
    connection.commit()
    connection.close()
    refused(cli(monkeypatch, capsys, "db", "restore", str(incomplete)), "audit_log", "missing")


def _exchange_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli(monkeypatch, capsys, "db", "upgrade")[0] == 0
    assert cli(monkeypatch, capsys, "demo", "load")[0] == 0
    code, out, err = cli(
        monkeypatch, capsys, "negotiation", "export", "-", "--negotiation", "sma-10-2018"
    )
    assert code == 0, err
    return out


def test_negotiation_import_refuses_hostile_json(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _exchange_text(monkeypatch, capsys)
    assert '"version": 1' in text
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    cases = {
        "nan.json": (text.replace('"version": 1', '"version": NaN'), "NaN is not a number"),
        "inf.json": (text.replace('"version": 1', '"version": Infinity'), "Infinity is not"),
        "digits.json": (text.replace('"version": 1', '"version": 1' + "0" * 5000), "64 char"),
        "exponent.json": (text.replace('"version": 1', '"version": 1e999'), "larger than"),
        "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        "latin1.json": (None, "line 4: not UTF-8 (byte 0xe9)"),
    }
    for name, (content, problem) in cases.items():
        path = tmp_path / name
        if content is None:
            path.write_bytes(text.encode().replace(b'"negotiation"', b'"n\xe9gotiation"', 1))
        else:
            path.write_text(content)
        refused(cli(monkeypatch, capsys, "negotiation", "import", str(path)), name, problem)
    refused(cli(monkeypatch, capsys, "negotiation", "import", str(fifo)), "not a regular file")
    refused(cli(monkeypatch, capsys, "negotiation", "import", str(tmp_path)), "Is a directory")
    exported = tmp_path / "out.json"
    export = ("negotiation", "export", str(exported), "--negotiation", "sma-10-2018")
    assert cli(monkeypatch, capsys, *export)[0] == 0
    assert json.loads(exported.read_text()) == json.loads(text)
