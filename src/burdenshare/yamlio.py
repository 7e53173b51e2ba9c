"""Strict YAML reading: duplicate keys are errors, decimals stay exact, errors name the file.

Guards against hostile files: at most :data:`MAX_BYTES` bytes, nesting at most
:data:`MAX_DEPTH` levels deep, and no aliases (``*name``), which would let a few lines expand
into billions of nodes (a "YAML bomb"). No bundled file needs any of these.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import yaml

import burdenshare.limits as limits
from burdenshare.errors import InputError

MAX_BYTES = limits.MAX_YAML_BYTES
"""The largest YAML file read (bundled data files are a few kilobytes)."""

MAX_DEPTH = 32
"""How deeply collections may nest (the bundled files nest at most seven levels)."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys, aliases and deep nesting, and reads every float
    as an exact Decimal."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = cast(yaml.Mark, event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {line})", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_decimal(loader: _StrictLoader, node: yaml.ScalarNode) -> Decimal:
    """An exact Decimal within the limits table (``.nan``, ``.inf`` and 1e999 are errors)."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return limits.parse_decimal(text)
    except limits.LimitError as exc:
        raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    """An integer of at most :data:`limits.MAX_NUMBER_CHARS` characters (Python refuses to
    read more than 4,300 digits, with an error that is not the file's)."""
    if len(str(node.value)) > limits.MAX_NUMBER_CHARS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of more than {limits.MAX_NUMBER_CHARS} characters",
            node.start_mark,
        )
    return int(loader.construct_yaml_int(node))


def _construct_date(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:  # looks like a date, is none: 2019-02-30
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date: {exc}", node.start_mark
        ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)
_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_yaml_text(text: str, source: str | Path) -> Any:
    """Parse YAML text strictly; any syntax problem becomes an :class:`InputError`."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(source, where, str(exc.problem or exc)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(
            source, f"line {line}", f"control character U+{code:04X} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(source, "", f"not valid YAML: {exc}") from None


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML file strictly."""
    try:
        data = limits.read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise InputError(path, "", "file not found") from None
    except OSError as exc:
        raise InputError(path, "", f"cannot be read: {exc.strerror or exc}") from None
    except limits.LimitError as exc:
        raise InputError(path, "", str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            path, f"line {line}", f"not UTF-8 text (byte 0x{data[exc.start]:02x})"
        ) from None
    return load_yaml_text(text, path)
