"""Arbitrary numbers (NaN, ±Infinity, huge exponents, many digits, negative, garbage) fed into
every parser of numbers from outside: scenario files, `--assume`, job files, GENIUS files,
exchange files (`negotiation import`) and the dashboard's form/query fields.

Every case ends in exit code 0 or 2 with at most one line on stderr (the CLI), or in 200 or
422 (HTTP): never a traceback, an exception or a 500. No case hangs: each runs under an alarm
of :data:`HANG` seconds of wall time and must use under :data:`CPU` second of CPU time (CPU, so
that a machine shared by other jobs does not fail the test; a blocking read would trip the
alarm). Before the limits table (burdenshare/limits.py) ``0e-999999999`` as a sector share
hung the server and the CLI; tests/test_input_limits.py pins the named cases down.

The live-server test sends the issue's request to a real ``uvicorn`` process.
"""

from __future__ import annotations

import contextlib
import io
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live_server import prepare, start

from burdenshare.cli import main
from burdenshare.errors import InputError
from burdenshare.negotiation.genius import parse_genius_domain, parse_genius_profile
from burdenshare.store.settings import load_settings
from burdenshare.web import create_web_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HANG, CPU = 5, 1.0
DATA = Path(__file__).parents[1] / "data"
GENIUS = DATA / "genius"

HOSTILE = [
    "NaN", "-NaN", "sNaN", "nan", ".nan", "Infinity", "-Infinity", "inf", ".inf", "-.inf",
    "1e999999999", "0e-999999999", "-1e-999999999", "1E+999999", "9" * 70, "1" * 5000,
    "0." + "0" * 80 + "1", "-1000", "-100", "-0", "0", "1e15", "1e16", "0x10", "1_000",
    "1e", "--1", "12,5", "",
]  # fmt: skip
NUMBERS = st.one_of(
    st.sampled_from(HOSTILE),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.builds("{}e{}".format, st.integers(-(10**6), 10**6), st.integers(-(10**10), 10**10)),
    st.floats().map(repr),
    st.text("0123456789.-+eE_", min_size=1, max_size=24),
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


class Hang(Exception):
    pass


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Fail on a hang (SIGALRM after HANG s of wall time) or on CPU s of CPU time."""

    def alarm(*_: object) -> None:
        raise Hang(f"no answer within {HANG} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG)
    started = time.process_time()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    used = time.process_time() - started
    assert used < CPU, f"{used:.2f} s of CPU"


def run(*args: str) -> tuple[int, str]:
    """``burdenshare ARGS`` in this process: the exit code and stderr (checked: one line)."""
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["burdenshare", *args]
    code: int | str | None = 0
    with bounded(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code
    text = err.getvalue()
    assert code in (0, 2), text
    assert "Traceback" not in text and text.count("\n") <= 1, text
    assert (code == 2) == text.startswith("error: "), text
    return int(code or 0), text


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-numbers")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- scenario files -------------------------------------------------------------------------

SCENARIO = """\
scenario: hostile
title: hostile
dataset: us-rok
reference: {{agreement: SMA-9, year: 2018}}
exchange_rate: {{pair: KRW/USD, value: {fx}}}
discount_rate: {{percent: {discount}}}
assumptions:
  kr-cpi:
    2030-01-01: {{value: {cpi}, reference: "what if"}}
baseline:
  start: 2019-01-01
  years: {years}
  amount: {{percent: {percent}}}
  escalation: {{type: fixed, rate: {rate}}}
  rounding: {{unit: {unit}}}
  sectors: {{shares: {{payroll: 100e0, construction: {share}}}}}
  troops: {troops}
proposals:
  usd: {{amount: {{value: {usd}, currency: USD}}, escalation: {{type: indexed, series: kr-cpi}}}}
lapse:
  horizon: 2019-12-31
  extension: {{percent: {extension}}}
  reserve: {{value: {reserve}}}
  workforce: {{headcount: {headcount}, host_share: {host_share}, essential: 0}}
"""
GOOD = {
    "fx": "1131", "discount": "2.5", "cpi": "2", "years": "5", "percent": "100", "rate": "5",
    "unit": "100000000", "share": "0", "troops": "28500", "usd": "1000000000",
    "extension": "100", "reserve": "0", "headcount": "8000", "host_share": "70",
}  # fmt: skip


def test_the_scenario_template_is_good(folder: Path) -> None:
    path = _write(folder, "good.yaml", SCENARIO.format(**GOOD))
    assert run("scenario", "validate", str(path))[0] == 0


@SETTINGS
@given(field=st.sampled_from(sorted(GOOD)), number=NUMBERS)
def test_scenario_numbers(folder: Path, field: str, number: str) -> None:
    path = _write(folder, "scenario.yaml", SCENARIO.format(**{**GOOD, field: number}))
    code, _ = run("scenario", "validate", str(path))
    compared, _ = run("compare", str(path), "--format", "csv")
    assert compared == 0 or code == 2  # what validate accepts, compare computes


@SETTINGS
@given(number=NUMBERS, where=st.sampled_from(["value", "year"]))
def test_assume_numbers(number: str, where: str) -> None:
    item = f"kr-cpi=2019:{number}" if where == "value" else f"kr-cpi={number}:2"
    run("schedule", "SMA-10", "--real", "--assume", item, "--format", "csv")


# --- job files ------------------------------------------------------------------------------

JOB = """\
name: hostile
scenario: sma-2018
kind: {kind}
size: {size}
seed: {seed}
chunk_size: {chunk_size}
{section}
"""
JOB_FIELDS = {
    "size": ("lapse-sweep", "size"),
    "seed": ("lapse-sweep", "seed"),
    "chunk_size": ("lapse-sweep", "chunk_size"),
    "reserve_low": ("lapse-sweep", "lapse_sweep: {{reserve_low: {x}, reserve_high: 1e12}}"),
    "reserve_high": ("lapse-sweep", "lapse_sweep: {{reserve_high: {x}}}"),
    "max_delay_days": ("lapse-sweep", "lapse_sweep: {{max_delay_days: {x}}}"),
    "rate_low": ("cost-sweep", "cost_sweep: {{rate_low: {x}, rate_high: 100}}"),
    "edge": ("monte-carlo", "outputs: {{histograms: {{agreement_round: [0, {x}]}}}}"),
}


@SETTINGS
@given(field=st.sampled_from(sorted(JOB_FIELDS)), number=NUMBERS)
def test_job_numbers(folder: Path, field: str, number: str) -> None:
    kind, where = JOB_FIELDS[field]
    values = {"size": "1000", "seed": "1", "chunk_size": "100", "section": ""}
    if where in values:
        values[where] = number
    else:
        values["section"] = where.format(x=number).replace("{{", "{").replace("}}", "}")
    path = _write(folder, "job.yaml", JOB.format(kind=kind, **values))
    run("job", "validate", str(path))


# --- GENIUS files ---------------------------------------------------------------------------


def _genius(parse: Callable[[], Any]) -> None:
    with bounded():
        try:
            parse()
        except InputError as error:
            assert "\n" not in str(error)


@SETTINGS
@given(number=NUMBERS, bound=st.sampled_from(["lowerbound", "upperbound"]))
def test_genius_domain_bounds(number: str, bound: str) -> None:
    text = (GENIUS / "domain.xml").read_text()
    old = 'lowerbound="1"' if bound == "lowerbound" else 'upperbound="5"'
    _genius(lambda: parse_genius_domain(text.replace(old, f'{bound}="{number}"'), "d.xml"))


PROFILE_NUMBERS = ['evaluation="4"', 'slope="0.25"', 'offset="0"', 'value="0.7"', 'value="0.2"']


@SETTINGS
@given(number=NUMBERS, where=st.sampled_from(PROFILE_NUMBERS))
def test_genius_profile_numbers(folder: Path, number: str, where: str) -> None:
    text = (GENIUS / "host.xml").read_text()
    name = where.split("=")[0]
    profile = _write(folder, "host.xml", text.replace(where, f'{name}="{number}"', 1))
    domain, other = GENIUS / "domain.xml", GENIUS / "sending-state.xml"
    run("negotiate", "--genius", str(domain), str(profile), str(other), "--format", "csv")
    space = parse_genius_domain(domain.read_text(), "domain.xml")
    _genius(lambda: parse_genius_profile(profile.read_text(), space, "host.xml"))


# --- exchange files (negotiation import) ----------------------------------------------------


@pytest.fixture(scope="module")
def exchange(folder: Path) -> tuple[str, str]:
    """A migrated database with the demo negotiation, and its exchange file's text."""
    url = f"sqlite:///{folder / 'tracker.db'}"
    prepare(url)
    export = ("negotiation", "export", str(folder / "demo.json"), "--database-url", url)
    code, _ = run(*export, "--negotiation", "sma-10-2018")
    assert code == 0
    return url, (folder / "demo.json").read_text()


@settings(SETTINGS, max_examples=25)
@given(number=NUMBERS, where=st.sampled_from(['"version": 1', '"number": 1']))
def test_exchange_numbers(folder: Path, exchange: tuple[str, str], number: str, where: str) -> None:
    url, text = exchange
    field = where.split(":")[0]
    path = _write(folder, "import.json", text.replace(where, f"{field}: {number}", 1))
    run("negotiation", "import", str(path), "--database-url", url)


# --- form and query fields ------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(folder: Path, exchange: tuple[str, str]) -> Iterator[TestClient]:
    settings_ = load_settings({"BURDENSHARE_HOME": str(folder)}).with_database(exchange[0])
    with TestClient(create_web_app(settings_), base_url="http://127.0.0.1") as test_client:
        yield test_client


FORM = {
    "proposal": "us-150pct", "amount_kind": "percent", "amount": "150", "years": "5",
    "escalation": "fixed", "rate": "5", "sectors": "", "submitted": "1",
}  # fmt: skip
FORM_FIELDS = ["amount", "years", "rate", "sectors", "sectors-second"]


@settings(SETTINGS, max_examples=60)
@given(number=NUMBERS, field=st.sampled_from(FORM_FIELDS), kind=st.sampled_from(["csv", "yaml"]))
def test_query_fields(client: TestClient, number: str, field: str, kind: str) -> None:
    form = dict(FORM)
    if field == "sectors":
        form["sectors"] = f"payroll={number}, construction=40, logistics=20"
    elif field == "sectors-second":
        form["sectors"] = f"payroll=100e0,construction={number}"
    else:
        form[field] = number
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in form.items())
    with bounded():
        answer = client.get(f"/proposals/download.{kind}?{query}")
    assert answer.status_code in (200, 422), answer.text[:300]
    if answer.status_code == 422:
        assert answer.json()["detail"] == "the form has errors"


# --- the request against a real server ----------------------------------------------


def test_huge_exponent_does_not_hang_a_live_server(tmp_path: Path) -> None:
    """Finding 2 as reported: one anonymous GET stopped health checks (and SIGTERM)."""
    url = f"sqlite:///{tmp_path / 'burdenshare.db'}"
    prepare(url)
    server = start(url, tmp_path)
    try:
        query = (
            "proposal=us-150pct&amount_kind=percent&amount=150&years=5&escalation=freeze"
            "&submitted=1&sectors=payroll%3D100e0,construction%3D0e-999999999"
        )
        with httpx.Client(base_url=server.url, timeout=5) as http:
            started = time.monotonic()
            answer = http.get(f"/proposals/download.csv?{query}")
            assert answer.status_code == 422, answer.text[:300]
            assert "sectors" in answer.json()["errors"]
            assert http.get("/api/health").status_code == 200
            assert time.monotonic() - started < 5
    finally:
        server.stop()
    assert server.process.returncode is not None
    assert "Traceback" not in server.log()
