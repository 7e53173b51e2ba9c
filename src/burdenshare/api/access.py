"""The access table: every route of the application declares who may call it.

:data:`API_RULES` lists each JSON API route with the least role it needs (or ``None``:
public) and the records it reaches (for the docs). :func:`authorize`, a dependency of every
router, enforces it and resolves the caller; a route without a rule is refused (fail closed),
the application refuses to start, and the access-matrix test fails. The dashboard adds its own
pages' rules with :meth:`AccessTable.declare`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.orm import Session
from starlette.routing import BaseRoute, Route

from burdenshare.api.deps import SessionDep
from burdenshare.api.kinds import RECORD_KINDS
from burdenshare.api.security import CSRF_HEADER, SESSION_COOKIE, check_csrf
from burdenshare.store.access import Principal
from burdenshare.store.users import principal_from_token, principal_from_web_session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Rule:
    """Who may call a route: the least role (None: anyone) and what it reaches."""

    role: str | None
    reaches: str


PUBLIC = "public"
NEGOTIATION = "/api/negotiations/{negotiation_id}"


def _record_rules() -> Iterator[tuple[tuple[str, str], Rule]]:
    for kind in RECORD_KINDS:
        scope = kind.scope
        collection = f"{NEGOTIATION}/{kind.path}"
        item = f"{collection}/{{{kind.key}}}"
        yield ("GET", collection), Rule("viewer", scope)
        yield ("POST", collection), Rule("editor", scope)
        yield ("GET", item), Rule("viewer", scope)
        yield ("PATCH", item), Rule("editor", scope)
        yield ("DELETE", item), Rule("editor", scope)


API_RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/openapi.json"): Rule(None, PUBLIC),
    ("GET", "/docs"): Rule(None, PUBLIC),
    ("GET", "/docs/oauth2-redirect"): Rule(None, PUBLIC),
    ("GET", "/redoc"): Rule(None, PUBLIC),
    ("GET", "/docs/assets/{name}"): Rule(None, "public: Swagger UI / ReDoc files"),
    ("GET", "/api/health"): Rule(None, PUBLIC),
    ("POST", "/api/auth/login"): Rule(None, PUBLIC),
    ("POST", "/api/auth/logout"): Rule("viewer", "own session"),
    ("GET", "/api/auth/me"): Rule("viewer", "own user"),
    ("GET", "/api/auth/tokens"): Rule("viewer", "own tokens"),
    ("POST", "/api/auth/tokens"): Rule("viewer", "own tokens"),
    ("DELETE", "/api/auth/tokens/{token_id}"): Rule("viewer", "own tokens"),
    ("GET", "/api/delegations"): Rule("viewer", "all delegations (codes and names)"),
    ("GET", "/api/users"): Rule("admin", "own delegation's users"),
    ("POST", "/api/users"): Rule("admin", "own delegation's users"),
    ("GET", "/api/users/{user_id}"): Rule("admin", "own delegation's users"),
    ("PATCH", "/api/users/{user_id}"): Rule("admin", "own delegation's users"),
    ("POST", "/api/users/{user_id}/revoke"): Rule(
        "admin", "own delegation's users: their tokens and sessions"
    ),
    ("GET", "/api/negotiations"): Rule("viewer", "negotiations it takes part in"),
    ("POST", "/api/negotiations"): Rule("admin", "new negotiation including its delegation"),
    ("GET", NEGOTIATION): Rule("viewer", "participants"),
    ("PATCH", NEGOTIATION): Rule("admin", "participants"),
    ("DELETE", NEGOTIATION): Rule("admin", "participants"),
    ("GET", f"{NEGOTIATION}/analysis"): Rule("viewer", "participants, own delegation's profiles"),
    ("GET", "/api/audit"): Rule(
        "viewer", "participants' shared changes, own delegation's private ones and users"
    ),
    **dict(_record_rules()),
}


class AccessTable:
    """The rules of one application, by (method, path template)."""

    def __init__(self, rules: dict[tuple[str, str], Rule]) -> None:
        self.rules = dict(rules)

    def declare(self, method: str, path: str, rule: Rule) -> None:
        self.rules[(method.upper(), path)] = rule

    def rule(self, method: str, path: str) -> Rule | None:
        return self.rules.get((method.upper(), path))

    def missing(self, routes: Iterable[BaseRoute]) -> list[tuple[str, str]]:
        """(method, path) of every route with no rule: must be empty."""
        return [key for key in route_keys(routes) if key not in self.rules]


def route_keys(routes: Iterable[BaseRoute]) -> list[tuple[str, str]]:
    """(method, path template) of every HTTP route, included routers' routes too."""
    keys = []
    for context in iter_route_contexts(list(routes)):
        if context.path is None or not isinstance(context.original_route, APIRoute | Route):
            continue
        for method in sorted(context.methods or ()):
            if method != "HEAD":
                keys.append((method, context.path))
    return keys


def check_routes(app: FastAPI) -> None:
    missing = app.state.access.missing(app.routes)
    if missing:
        raise RuntimeError(f"routes without an access rule: {missing}")


def _credentials(request: Request, session: Session) -> tuple[Principal | None, bool]:
    """The caller from a bearer token or the session cookie; and whether it was the cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() == "bearer" and secret:
        return principal_from_token(session, secret.strip()), False
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return principal_from_web_session(session, cookie), True
    return None, False


def authorize(request: Request, session: SessionDep) -> Principal | None:
    """Enforce the route's rule; the caller (None on a public route without credentials)."""
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    rule = request.app.state.access.rule(request.method, path)
    if rule is None:
        raise HTTPException(500, "this route has no access rule")
    principal, by_cookie = _credentials(request, session)
    if rule.role is None:
        return principal
    if principal is None:
        raise HTTPException(401, "log in or send a bearer token", {"WWW-Authenticate": "Bearer"})
    if by_cookie and request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    if not principal.has_role(rule.role):
        raise HTTPException(403, f"needs the {rule.role} role")
    return principal


def current_principal(principal: Annotated[Principal | None, Depends(authorize)]) -> Principal:
    if principal is None:
        raise HTTPException(401, "log in or send a bearer token", {"WWW-Authenticate": "Bearer"})
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]
MaybePrincipalDep = Annotated[Principal | None, Depends(authorize)]
