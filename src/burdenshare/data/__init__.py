"""Bundled, sourced datasets and the strict loaders of every YAML file the package reads."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from burdenshare.data import schemas
from burdenshare.data.schemas import DatasetFile, HistoryFile, ScenarioFile, SeriesFile
from burdenshare.errors import InputError
from burdenshare.series import Observation, Series
from burdenshare.yamlio import load_yaml

Model = TypeVar("Model", bound=BaseModel)

DATA_DIR = Path(str(resources.files("burdenshare.data")))


_SCHEMA_NAMES = {name for name in dir(schemas) if name[:1].isupper()}


def _field(loc: tuple[int | str, ...]) -> str:
    """A dotted field path from a Pydantic location, without union-branch labels."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in _SCHEMA_NAMES or "[" in item or item.startswith("function-"):
            continue
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def parse_file(path: Path, model: type[Model]) -> Model:
    """Read ``path`` strictly and validate it against ``model``; errors name file and field."""
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "", "expected a mapping at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = _best_error(exc)
        problem = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            problem = "unknown key"
        raise InputError(path, _field(tuple(err["loc"])), problem) from None


def _best_error(exc: ValidationError) -> dict:  # type: ignore[type-arg]
    """The most specific error: union branches that failed only on type are less telling."""
    errors = exc.errors()
    ranked = sorted(
        errors,
        key=lambda e: (
            e["type"] != "value_error",
            e["type"] in {"model_type", "dict_type"},
            any("[" in str(p) for p in e["loc"]),
            -len(e["loc"]),
        ),
    )
    return dict(ranked[0])


def series_from_file(path: Path) -> Series:
    spec = parse_file(path, SeriesFile)
    return Series(
        spec.name,
        spec.description,
        spec.unit,
        {
            d.year: Observation(d.year, v.value, v.reference, v.flags, v.note)
            for d, v in sorted(spec.values.items())
        },
    )


@cache
def bundled_series() -> dict[str, Series]:
    """Every bundled series, by name."""
    out: dict[str, Series] = {}
    for path in sorted((DATA_DIR / "series").glob("*.yaml")):
        series = series_from_file(path)
        if series.name != path.stem:
            raise InputError(path, "name", f"{series.name!r} does not match the file name")
        out[series.name] = series
    return out


def dataset_path(name: str) -> Path:
    return DATA_DIR / "agreements" / f"{name}.yaml"


def dataset_names() -> tuple[str, ...]:
    return tuple(p.stem for p in sorted((DATA_DIR / "agreements").glob("*.yaml")))


@cache
def dataset_file(name: str) -> DatasetFile:
    path = dataset_path(name)
    if not path.exists():
        raise InputError(
            name, "dataset", f"unknown dataset (bundled: {', '.join(dataset_names())})"
        )
    return parse_file(path, DatasetFile)


@cache
def history_file(name: str) -> HistoryFile:
    return parse_file(DATA_DIR / "history" / f"{name}.yaml", HistoryFile)


def scenario_path(name_or_path: str) -> Path:
    """A bundled scenario by name (``sma-2018``) or any scenario file by path."""
    bundled = DATA_DIR / "scenarios" / f"{name_or_path}.yaml"
    if bundled.exists():
        return bundled
    return Path(name_or_path)


def scenario_names() -> tuple[str, ...]:
    return tuple(p.stem for p in sorted((DATA_DIR / "scenarios").glob("*.yaml")))


def scenario_file(name_or_path: str) -> tuple[Path, ScenarioFile]:
    path = scenario_path(name_or_path)
    return path, parse_file(path, ScenarioFile)
