"""Users, passwords (argon2id), API tokens and web login sessions; credentials stored hashed.

A password is hashed with argon2-cffi's defaults (argon2id, RFC 9106 low-memory profile).
Tokens and session ids are 256-bit random strings shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from burdenshare.limits import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS
from burdenshare.store.access import Principal
from burdenshare.store.audit import record_change
from burdenshare.store.base import utcnow
from burdenshare.store.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from burdenshare.store.models import DELEGATION_KINDS, ROLES, ApiToken, Delegation, User, WebSession
from burdenshare.store.records import commit

HASHER = PasswordHasher()
TOKEN_PREFIX = "bst_"
#: used with fullmatch: "$" alone would let a trailing newline through ("us-demo\n")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
MIN_PASSWORD = 8


@cache
def _dummy_hash() -> str:
    return HASHER.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def principal_of(user: User) -> Principal:
    return Principal(user.username, user.delegation, user.role, user.id)


def ensure_delegation(session: Session, code: str, name: str = "", kind: str = "party") -> None:
    """Add the delegation if it is missing (the command line and the importer do this)."""
    if not CODE.fullmatch(code):
        raise Invalid.one(("delegation",), f"{code!r}: use letters, digits, '-' and '_'")
    if kind not in DELEGATION_KINDS:
        raise Invalid.one(("kind",), f"{kind!r} is not one of {list(DELEGATION_KINDS)}")
    if session.get(Delegation, code) is None:
        session.add(Delegation(code=code, name=name or code, kind=kind))
        session.flush()


def _check_user(session: Session, values: Mapping[str, Any], user_id: int | None) -> None:
    errors = []
    if not isinstance(values["username"], str) or not USERNAME.fullmatch(values["username"]):
        errors.append(FieldError(("username",), "use 2–80 lower-case letters, digits, . _ -"))
    other = session.scalar(select(User.id).where(User.username == values["username"]))
    if other is not None and other != user_id:
        errors.append(FieldError(("username",), "is already taken"))
    if values["role"] not in ROLES:
        errors.append(FieldError(("role",), f"{values['role']!r} is not one of {list(ROLES)}"))
    if session.get(Delegation, values["delegation"]) is None:
        errors.append(FieldError(("delegation",), f"unknown delegation {values['delegation']!r}"))
    password = values.get("password")
    if password is not None and len(password) < MIN_PASSWORD:
        errors.append(FieldError(("password",), f"needs at least {MIN_PASSWORD} characters"))
    if errors:
        raise Invalid(errors)


def _admin_of(principal: Principal, delegation: str) -> None:
    if not principal.superuser and not (
        principal.has_role("admin") and principal.delegation == delegation
    ):
        raise Forbidden("only an admin of the user's delegation manages its users")


def create_user(session: Session, principal: Principal, data: Mapping[str, Any]) -> User:
    values = {"display_name": "", **data}
    if not principal.superuser:
        values["delegation"] = principal.delegation
    _admin_of(principal, values["delegation"])
    _check_user(session, values, None)
    user = User(
        username=values["username"],
        display_name=values["display_name"],
        delegation=values["delegation"],
        role=values["role"],
        password_hash=hash_password(values["password"]),
        active=True,
        version=1,
    )
    session.add(user)
    session.flush()
    record_change(
        session, principal, "create", user, None, negotiation_id=None, private_to=user.delegation
    )
    commit(session, f"user {user.username!r}")
    return user


def list_users(session: Session, principal: Principal) -> list[User]:
    query = select(User).order_by(User.id)
    if not principal.superuser:
        query = query.where(User.delegation == principal.delegation)
    return list(session.scalars(query))


def get_user(session: Session, principal: Principal, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not (principal.superuser or user.delegation == principal.delegation):
        raise NotFound(f"no user {user_id}")
    return user


def update_user(
    session: Session, principal: Principal, user_id: int, version: int, changes: Mapping[str, Any]
) -> User:
    user = get_user(session, principal, user_id)
    _admin_of(principal, user.delegation)
    if user.version != version:
        raise Conflict(f"stale version {version}: the user is at version {user.version}")
    for name in ("display_name", "role", "active", "password"):
        if name in changes and changes[name] is None:
            raise Invalid.one((name,), "may not be null")
    before = user.snapshot()
    values = {"username": user.username, "delegation": user.delegation, "role": user.role}
    values.update(changes)
    _check_user(session, values, user.id)
    for name in ("display_name", "role", "active"):
        if name in changes:
            setattr(user, name, changes[name])
    if changes.get("password") is not None:
        user.password_hash = hash_password(changes["password"])
        revoke_credentials(session, user.id)
    if changes.get("active") is False:
        revoke_credentials(session, user.id)  # reactivation does not bring them back
    user.updated_at = utcnow()
    record_change(
        session, principal, "update", user, before, negotiation_id=None, private_to=user.delegation
    )
    commit(session, f"user {user_id}")
    return user


def revoke_credentials(session: Session, user_id: int) -> tuple[int, int]:
    """Revoke every live API token and end every web session of a user (after a password
    change, a deactivation, or an admin's revocation): how many tokens and sessions."""
    now = utcnow()
    tokens = select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    webs = select(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
    revoked_tokens = list(session.scalars(tokens))
    revoked_webs = list(session.scalars(webs))
    for token in revoked_tokens:
        token.revoked_at = now
    for web in revoked_webs:
        web.revoked_at = now
    return len(revoked_tokens), len(revoked_webs)


def revoke_user(session: Session, principal: Principal, user_id: int) -> tuple[int, int]:
    """An admin of the user's delegation (or the command line) revokes all of the user's
    tokens and sessions; audited as a ``revoke`` of the user."""
    user = get_user(session, principal, user_id)
    _admin_of(principal, user.delegation)
    counts = revoke_credentials(session, user.id)
    snapshot = user.snapshot()
    record_change(
        session,
        principal,
        "revoke",
        user,
        snapshot,
        negotiation_id=None,
        private_to=user.delegation,
    )
    commit(session, f"user {user_id}")
    return counts


def token_expiry(expires_at: datetime | None, now: datetime) -> datetime:
    """When a new token expires: the default lifetime, or the asked time if it is in the
    future and within the longest lifetime (else Invalid)."""
    if expires_at is None:
        return now + timedelta(days=TOKEN_DEFAULT_DAYS)
    if expires_at.tzinfo is None:
        raise Invalid.one(("expires_at",), "needs a time zone (e.g. 2027-01-01T00:00:00Z)")
    if expires_at <= now:
        raise Invalid.one(("expires_at",), "is in the past")
    if expires_at > now + timedelta(days=TOKEN_MAX_DAYS):
        raise Invalid.one(("expires_at",), f"is more than {TOKEN_MAX_DAYS} days away")
    return expires_at


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this password, else None (same work whether or not it exists)."""
    user = session.scalar(select(User).where(User.username == username))
    try:
        HASHER.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return user if user is not None and user.active else None


def create_token(
    session: Session,
    principal: Principal,
    user: User,
    name: str,
    expires_at: datetime | None = None,
) -> tuple[str, ApiToken]:
    """A new API token for ``user``: the secret (shown once) and its record."""
    expires = token_expiry(expires_at, utcnow())
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret), expires_at=expires)
    session.add(token)
    session.flush()
    record_change(
        session, principal, "create", token, None, negotiation_id=None, private_to=user.delegation
    )
    commit(session, f"token {name!r}")
    return secret, token


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
    return list(session.scalars(query))


def revoke_token(session: Session, principal: Principal, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != principal.user_id:
        raise NotFound(f"no token {token_id}")
    before = token.snapshot()
    token.revoked_at = token.revoked_at or utcnow()
    record_change(
        session,
        principal,
        "update",
        token,
        before,
        negotiation_id=None,
        private_to=principal.delegation,
    )
    commit(session, f"token {token_id}")
    return token


def _live_user(session: Session, user_id: int) -> Principal | None:
    user = session.get(User, user_id)
    return principal_of(user) if user is not None and user.active else None


def principal_from_token(session: Session, secret: str) -> Principal | None:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= utcnow():
        return None
    return _live_user(session, token.user_id)


def start_web_session(session: Session, user: User, max_age: int) -> str:
    secret = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(seconds=max_age)
    session.add(WebSession(user_id=user.id, token_hash=digest(secret), expires_at=expires))
    commit(session, "web session")
    return secret


def principal_from_web_session(session: Session, secret: str) -> Principal | None:
    web = session.scalar(select(WebSession).where(WebSession.token_hash == digest(secret)))
    if web is None or web.revoked_at is not None or web.expires_at <= utcnow():
        return None
    return _live_user(session, web.user_id)


def end_web_session(session: Session, secret: str) -> None:
    web = session.scalar(select(WebSession).where(WebSession.token_hash == digest(secret)))
    if web is not None and web.revoked_at is None:
        web.revoked_at = utcnow()
        commit(session, "web session")
