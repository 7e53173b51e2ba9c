"""The README's Python example runs and prints exactly what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None and text.index("```sh") < 200
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    commands = [line for line in lines if line]
    assert commands == ["make run", "make test"]


def test_readme_example_output() -> None:
    text = README.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    expected = re.search(r"prints\n\n```text\n(.*?)```", text, re.S)
    assert code is not None and expected is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), str(README), "exec"), {})
    assert out.getvalue() == expected.group(1)


def test_readme_lapse_quote_is_the_cli_output() -> None:
    import subprocess
    import sys

    text = README.read_text(encoding="utf-8")
    quoted = re.search(r"and ends with\n\n```text\n(.*?)```", text, re.S)
    assert quoted is not None
    result = subprocess.run(
        [sys.executable, "-m", "burdenshare.cli", "lapse", "sma-2020-lapse"],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("Deal in force"))
    assert " ".join(quoted.group(1).split()) == " ".join(line.split())
