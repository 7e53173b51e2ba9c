"""The tracker's commands: ``db``, ``user``, ``negotiation``, ``demo`` and ``serve``.

Thin Typer commands over :mod:`burdenshare.store` and :mod:`burdenshare.api`; bad input raises
:class:`~burdenshare.errors.InputError` (file and field), which ``burdenshare`` turns into one
line on stderr and exit code 2. Register them with :func:`register` (or add each sub-app).
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import burdenshare.limits as limits
from burdenshare.errors import InputError
from burdenshare.files import atomic_write
from burdenshare.store.settings import Settings, load_settings

if TYPE_CHECKING:  # the store (SQLAlchemy, argon2) loads only when a tracker command runs
    from sqlalchemy.orm import Session

    from burdenshare.store.access import Principal
    from burdenshare.store.database import Database

ROLES = ("viewer", "editor", "admin")

db_app = typer.Typer(help="The tracker database: create or migrate it.", no_args_is_help=True)
user_app = typer.Typer(help="Tracker users: add, list, make API tokens.", no_args_is_help=True)
negotiation_app = typer.Typer(
    help="Tracked negotiations: import and export (lossless JSON).", no_args_is_help=True
)
demo_app = typer.Typer(help="The demo negotiations (10th, 11th, 12th SMA).", no_args_is_help=True)

DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL (default: $BURDENSHARE_DATABASE_URL, else the SQLite file).",
    ),
]


def _settings(url: str | None) -> Settings:
    settings = load_settings()
    return settings.with_database(url) if url else settings


def _actor() -> Principal:
    """The command line acts as the superuser, named in the audit log by the OS user."""
    from burdenshare.store.access import Principal

    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        who = "unknown"
    return Principal(f"cli:{who}"[:80], None, "admin", None, True)


def _open(url: str | None, migrated: bool = True) -> Database:
    from burdenshare.store.database import open_database
    from burdenshare.store.migrate import is_current

    database = open_database(_settings(url).database_url)
    if migrated and not is_current(database.engine):
        database.dispose()
        raise InputError("database", "revision", "not up to date: run `burdenshare db upgrade`")
    return database


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseOpt = None) -> None:
    """Create the database or bring it to the newest schema."""
    from burdenshare.store.migrate import current_revision, head_revision, upgrade

    database = _open(database_url, migrated=False)
    try:
        before = current_revision(database.engine)
        upgrade(database.engine)
        typer.echo(f"database at {head_revision()} (was {before or 'empty'}): {_where(database)}")
    finally:
        database.dispose()


@db_app.command("current")
def db_current(database_url: DatabaseOpt = None) -> None:
    """The database's schema revision and the newest one."""
    from burdenshare.store.migrate import current_revision, head_revision

    database = _open(database_url, migrated=False)
    try:
        current = current_revision(database.engine) or "empty"
        typer.echo(f"{current} (newest: {head_revision()}): {_where(database)}")
    finally:
        database.dispose()


@db_app.command("backup")
def db_backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write (SQLite format).")],
    database_url: DatabaseOpt = None,
) -> None:
    """Back up the live database (the server may keep running) into FILE."""
    from burdenshare.store.backup import backup

    database = _open(database_url)
    try:
        summary = backup(database, file)
    finally:
        database.dispose()
    typer.echo(f"backed up {summary.total} rows at {summary.revision} to {file}")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="A file made by `burdenshare db backup`.")],
    database_url: DatabaseOpt = None,
) -> None:
    """Replace the database's contents with the backup FILE, in one transaction."""
    from burdenshare.store.backup import restore

    database = _open(database_url)
    try:
        summary = restore(database, file, _actor())
        where = _where(database)
    finally:
        database.dispose()
    typer.echo(f"restored {summary.total} rows from {file} into {where} (audit chain intact)")


@db_app.command("verify")
def db_verify(database_url: DatabaseOpt = None) -> None:
    """Check the audit log's hash chain: exit 0 if intact (prints the head hash: keep it
    elsewhere to compare later), 1 naming the first broken entry."""
    from burdenshare.store.audit import verify_chain

    database = _open(database_url)
    try:
        with database.reader() as session:
            report = verify_chain(session)
    finally:
        database.dispose()
    if not report.intact:
        typer.echo(
            f"error: audit_log: entry {report.broken_at}: {report.problem} "
            f"({report.entries - 1} entries before it are intact)",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"audit chain intact: {report.entries} entries, head {report.head}")


def _where(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=True)


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise InputError("password", "password", "the two passwords differ")
    return first


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name (lower case).")],
    delegation: Annotated[str, typer.Option(help="Delegation code, e.g. ROK, US, analysts.")],
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")] = "viewer",
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    delegation_name: Annotated[str, typer.Option(help="Name of the delegation if it is new.")] = "",
    team: Annotated[
        bool, typer.Option("--team", help="A new delegation is an analyst/mediator team.")
    ] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    database_url: DatabaseOpt = None,
) -> None:
    """Add a user (and its delegation if new). The password is prompted for."""
    from burdenshare.store.access import SYSTEM
    from burdenshare.store.errors import Invalid
    from burdenshare.store.users import create_user, ensure_delegation

    password = _password(password_stdin)
    database = _open(database_url)
    try:
        with database.writer() as session:
            try:
                ensure_delegation(session, delegation, delegation_name, "team" if team else "party")
                data = {
                    "username": username,
                    "password": password,
                    "role": role,
                    "delegation": delegation,
                    "display_name": name,
                }
                user = create_user(session, SYSTEM, data)
            except Invalid as exc:
                raise InputError("user add", exc.errors[0].path(), exc.errors[0].msg) from None
        typer.echo(f"added {user.username} ({user.role}, {user.delegation})")
    finally:
        database.dispose()


@user_app.command("list")
def user_list(database_url: DatabaseOpt = None) -> None:
    """Every user: name, delegation, role, active."""
    from burdenshare.store.access import SYSTEM
    from burdenshare.store.users import list_users

    database = _open(database_url)
    try:
        with database.reader() as session:
            for user in list_users(session, SYSTEM):
                state = "active" if user.active else "inactive"
                typer.echo(f"{user.username}\t{user.delegation}\t{user.role}\t{state}")
    finally:
        database.dispose()


@user_app.command("token")
def user_token(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "script",
    database_url: DatabaseOpt = None,
) -> None:
    """Make an API token for scripts; it is printed once (only its hash is stored)."""
    from burdenshare.store.access import SYSTEM
    from burdenshare.store.users import create_token, list_users

    database = _open(database_url)
    try:
        with database.writer() as session:
            user = next((u for u in list_users(session, SYSTEM) if u.username == username), None)
            if user is None:
                raise InputError("user token", "username", f"no user {username!r}")
            secret, token = create_token(session, SYSTEM, user, name)
        typer.echo(secret)
        typer.echo(f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC", err=True)
    finally:
        database.dispose()


@user_app.command("revoke")
def user_revoke(
    username: Annotated[str, typer.Argument(help="The user whose credentials end.")],
    database_url: DatabaseOpt = None,
) -> None:
    """Revoke every API token and end every web session of a user (audited)."""
    from burdenshare.store.users import list_users, revoke_user

    actor = _actor()
    database = _open(database_url)
    try:
        with database.writer() as session:
            user = next((u for u in list_users(session, actor) if u.username == username), None)
            if user is None:
                raise InputError("user revoke", "username", f"no user {username!r}")
            tokens, sessions = revoke_user(session, actor, user.id)
        typer.echo(f"revoked {tokens} token(s) and {sessions} session(s) of {username}")
    finally:
        database.dispose()


@negotiation_app.command("import")
def negotiation_import(
    file: Annotated[Path, typer.Argument(help="An exchange JSON file (see docs/tracker.md).")],
    database_url: DatabaseOpt = None,
) -> None:
    """Import a negotiation with all its records, in one transaction."""
    from burdenshare.store.exchange import import_negotiation, parse

    parsed = parse(_json_text(file), str(file))
    database = _open(database_url)
    try:
        with database.writer() as session:
            negotiation = import_negotiation(session, parsed, str(file), _actor())
        typer.echo(f"imported {negotiation.key!r} (id {negotiation.id}) from {file}")
    finally:
        database.dispose()


def _json_text(file: Path) -> str:
    """The text of a JSON file to import, checked against the limits table (burdenshare/
    limits.py): a regular file, not too large, UTF-8, JSON without NaN or huge numbers."""
    if not file.exists():
        raise InputError(file, "", "no such file")
    try:
        data = limits.read_regular_file(file, limits.MAX_IMPORT_BYTES)
    except OSError as exc:
        raise InputError(file, "", f"cannot read: {exc.strerror}") from None
    except limits.LimitError as exc:
        raise InputError(file, "", str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            file, f"line {line}", f"not UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from None
    try:
        limits.loads_json(text)
    except limits.LimitError as exc:
        raise InputError(file, "", str(exc)) from None
    except json.JSONDecodeError as exc:
        raise InputError(file, f"line {exc.lineno}", f"not valid JSON: {exc.msg}") from None
    return text


@negotiation_app.command("export")
def negotiation_export(
    file: Annotated[Path, typer.Argument(help="Where to write the JSON ('-': standard output).")],
    negotiation: Annotated[
        str | None, typer.Option(help="Key of the negotiation (needed if there are several).")
    ] = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Export a negotiation, every delegation's private records included: keep it safe."""
    from burdenshare.store.exchange import dumps, export_negotiation

    database = _open(database_url)
    try:
        with database.reader() as session:
            key = negotiation or _only_key(session)
            try:
                text = dumps(export_negotiation(session, key))
            except ValueError:  # NaN or Infinity stored before they were refused (issue 20)
                raise InputError(key, "", "holds NaN or Infinity: not valid JSON") from None
    finally:
        database.dispose()
    if str(file) == "-":
        sys.stdout.write(text)
        return
    atomic_write(file, text.encode("utf-8"), "negotiation export")
    typer.echo(f"exported {key!r} to {file}", err=True)


def _only_key(session: Session) -> str:
    from sqlalchemy import select

    from burdenshare.store.models import Negotiation

    keys = list(session.scalars(select(Negotiation.key).order_by(Negotiation.id)))
    if len(keys) != 1:
        raise InputError("--negotiation", "key", f"choose one of {keys}" if keys else "none")
    return keys[0]


@demo_app.command("load")
def demo_load(database_url: DatabaseOpt = None) -> None:
    """Load the 10th, 11th and 12th SMA negotiations and the demo users (skips what exists)."""
    from burdenshare.store.demo import DEMO_NEGOTIATIONS, DEMO_USERS, load_demo
    from burdenshare.store.errors import Conflict

    database = _open(database_url)
    try:
        with database.writer() as session:
            try:
                result = load_demo(session)
            except Conflict as exc:
                raise InputError("demo", "", str(exc)) from None
    finally:
        database.dispose()
    state = "loaded" if result.negotiation_loaded else "already there"
    typer.echo(f"demo negotiations {', '.join(k for k, _ in DEMO_NEGOTIATIONS)}: {state}")
    for user in DEMO_USERS:
        added = "added" if user.username in result.users_added else "exists"
        typer.echo(
            f"  {user.username} / {user.password}  ({user.delegation}, {user.role}, {added})"
        )


def uvicorn_options(
    settings: Settings, host: str | None, port: int | None, trusted_proxy: str | None
) -> dict[str, object]:
    """uvicorn's options for ``serve``. uvicorn believes ``X-Forwarded-For`` from 127.0.0.1
    by default (so anyone on the host could forge the client address and dodge the per-address
    login limit): here proxy headers are off unless ``--trusted-proxy`` names the proxy."""
    return {
        "host": host or settings.host,
        "port": port or settings.port,
        "proxy_headers": trusted_proxy is not None,
        "forwarded_allow_ips": trusted_proxy or "",
    }


def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    trusted_proxy: Annotated[
        str | None,
        typer.Option(
            help="Address(es) of a reverse proxy whose X-Forwarded-For/-Proto to believe "
            "(comma-separated; default: none, the client address is the socket's)."
        ),
    ] = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Serve the dashboard and the tracker's JSON API (OpenAPI at /docs) with uvicorn."""
    import uvicorn

    from burdenshare.web import create_web_app

    settings = _settings(database_url)
    _open(settings.database_url).dispose()  # refuse early on an unmigrated database
    app = create_web_app(settings)
    uvicorn.run(app, **uvicorn_options(settings, host, port, trusted_proxy))  # type: ignore[arg-type]


def register(app: typer.Typer) -> None:
    """Add the tracker's commands to the ``burdenshare`` app."""
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")
    app.add_typer(negotiation_app, name="negotiation")
    app.add_typer(demo_app, name="demo")
    app.command("serve")(serve)
