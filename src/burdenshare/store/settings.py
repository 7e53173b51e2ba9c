"""Tracker settings, declared once in :data:`SETTINGS` (which feeds validation, docs and a test).

Every setting is read from an environment variable; :func:`load_settings` validates them and
an invalid value is an :class:`~burdenshare.errors.InputError` naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from burdenshare.errors import InputError

DATABASE_FILE = "burdenshare.db"


@dataclass(frozen=True)
class Setting:
    """One setting: its field on :class:`Settings`, environment variable, default and meaning."""

    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "home",
        "BURDENSHARE_HOME",
        "$XDG_DATA_HOME/burdenshare, else ~/.local/share/burdenshare",
        "Folder of the default SQLite database file (burdenshare.db).",
    ),
    Setting(
        "database_url",
        "BURDENSHARE_DATABASE_URL",
        "sqlite:///<home>/burdenshare.db",
        "Any SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@127.0.0.1/burdenshare.",
    ),
    Setting(
        "session_max_age",
        "BURDENSHARE_SESSION_MAX_AGE",
        "28800",
        "Seconds a web login session lasts (the cookie and the server-side session).",
    ),
    Setting(
        "session_cookie_secure",
        "BURDENSHARE_SESSION_COOKIE_SECURE",
        "false",
        "Send the session cookie over HTTPS only (set to true behind TLS).",
    ),
    Setting(
        "max_page_size",
        "BURDENSHARE_MAX_PAGE_SIZE",
        "500",
        "The largest `limit` a list endpoint accepts.",
    ),
    Setting("host", "BURDENSHARE_HOST", "127.0.0.1", "Address `burdenshare serve` binds to."),
    Setting("port", "BURDENSHARE_PORT", "8000", "Port `burdenshare serve` listens on."),
)


@dataclass(frozen=True)
class Settings:
    """The validated settings of one tracker (store, API, server)."""

    home: Path
    database_url: str
    session_max_age: int = 28800
    session_cookie_secure: bool = False
    max_page_size: int = 500
    host: str = "127.0.0.1"
    port: int = 8000

    def with_database(self, url: str) -> Settings:
        return replace(self, database_url=url)


def default_home(environ: Mapping[str, str]) -> Path:
    """``$BURDENSHARE_HOME``, else ``$XDG_DATA_HOME/burdenshare``, else ``~/.local/share/...``."""
    if environ.get("BURDENSHARE_HOME"):
        return Path(environ["BURDENSHARE_HOME"]).expanduser()
    xdg = environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "burdenshare"


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite file ``path``, escaped: a ``#``, ``?`` or ``%`` in the
    path (or the home folder) stays part of the file name."""
    from sqlalchemy.engine import URL  # here: the CLI loads SQLAlchemy only for the tracker

    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def _int(env: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InputError(env, "value", f"{text!r} is not an integer") from None
    if not low <= value <= high:
        raise InputError(env, "value", f"{value} is outside {low}..{high}")
    return value


def _bool(env: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise InputError(env, "value", f"{text!r} is not a boolean (true/false)")


_PARSERS: dict[str, Callable[[str, str], object]] = {
    "session_max_age": lambda env, text: _int(env, text, 60, 31_536_000),
    "session_cookie_secure": _bool,
    "max_page_size": lambda env, text: _int(env, text, 1, 10_000),
    "host": lambda env, text: text,
    "port": lambda env, text: _int(env, text, 1, 65_535),
}


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Settings from the environment (``os.environ`` by default), then ``overrides``."""
    env = os.environ if environ is None else environ
    home = default_home(env)
    values: dict[str, object] = {
        "home": home,
        "database_url": env.get("BURDENSHARE_DATABASE_URL") or sqlite_url(home / DATABASE_FILE),
    }
    for setting in SETTINGS:
        if setting.name in _PARSERS and env.get(setting.env) is not None:
            values[setting.name] = _PARSERS[setting.name](setting.env, env[setting.env])
    known = {f.name for f in fields(Settings)}
    for name in overrides:
        if name not in known:
            raise TypeError(f"unknown setting {name!r}")
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
