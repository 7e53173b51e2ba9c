"""Downloads of a comparison (scenario YAML, comparison CSV) and the saved-scenario store.

Saved scenarios are YAML files under the app's data directory:
``<home>/web-scenarios/<username>/<name>.yaml``, one folder per user, the name checked against
:data:`NAME_PATTERN` (so it cannot leave the folder). Each is a scenario file that
``burdenshare scenario validate`` accepts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from burdenshare import render
from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import Scenario, load_scenario
from burdenshare.data.schemas import ScenarioFile

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
NAME_RULE = "use 1–40 lower-case letters, digits or '-', starting with a letter or digit"


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(tuple, lambda d, v: d.represent_list(list(v)))


def spec_data(spec: ScenarioFile) -> dict[str, Any]:
    data: dict[str, Any] = spec.model_dump(exclude_unset=True, by_alias=True)
    return data


def scenario_yaml(spec: ScenarioFile) -> str:
    """The scenario as a YAML scenario file (exact decimals, ISO dates)."""
    text: str = yaml.dump(
        spec_data(spec), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    return text


def comparison_csv(sc: Scenario) -> str:
    """``Comparison.to_records()`` as CSV, as ``compare --format csv`` writes it (money as
    exact integers in the smallest unit; the records' own columns, so none is ever left out)."""
    return render.to_csv(compare(sc).to_records())


def _user_dir(home: Path, username: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", username).lstrip(".") or "_"
    return home / "web-scenarios" / safe


def saved_names(home: Path, username: str) -> list[str]:
    folder = _user_dir(home, username)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if NAME_PATTERN.match(p.stem))


def saved_path(home: Path, username: str, name: str) -> Path | None:
    """The file of a saved scenario (None: a bad name); it may not exist yet."""
    if not NAME_PATTERN.match(name):
        return None
    return _user_dir(home, username) / f"{name}.yaml"


def save(home: Path, username: str, name: str, spec: ScenarioFile) -> Path:
    path = saved_path(home, username, name)
    if path is None:
        raise ValueError(NAME_RULE)
    renamed = spec.model_copy(update={"scenario": name})
    data = spec_data(renamed)
    data["scenario"] = name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True))
    tmp.replace(path)
    return path


def load_saved(home: Path, username: str, name: str) -> Scenario | None:
    path = saved_path(home, username, name)
    if path is None or not path.is_file():
        return None
    return load_scenario(path)


def filename(sc: Scenario, edited: bool, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", sc.name) + ("-edited" if edited else "")
    return f"{stem}.{suffix}"
