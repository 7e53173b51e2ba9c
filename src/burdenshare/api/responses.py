"""The error answers routes declare in the OpenAPI spec (``responses=``), so that every status
code the API can send is documented with its body: ``{"detail": "<message>"}``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from burdenshare.limits import BODY_READ_TIMEOUT, BODY_TOTAL_TIMEOUT, MAX_BODY_BYTES


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str


DESCRIPTIONS = {
    401: "No credentials, or an unknown, expired or revoked token or session (or, on login, "
    "a wrong user name or password).",
    403: "The role is too small, the record belongs to another delegation, or a "
    "cookie-authenticated write lacks its CSRF token.",
    404: "No such record, or one you may not see.",
    409: "A stale version, a duplicate key, or records still depend on this one.",
    429: "Too many failed logins: wait the Retry-After seconds.",
}
#: what every request with a body may get from the body guard (api/bodyguard.py), whatever
#: its route: the whole body is read within these limits before the route runs
BODY_LIMITS = {
    408: f"The request body stopped arriving for {BODY_READ_TIMEOUT:g} s, or took more than "
    f"{BODY_TOTAL_TIMEOUT:g} s in all (the connection is closed).",
    413: f"The request body exceeds {MAX_BODY_BYTES:,} bytes (refused unread, the connection "
    "is closed).",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route or router that may answer ``codes``."""
    return {code: {"model": Problem, "description": DESCRIPTIONS[code]} for code in codes}


def declare_body_limits(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (an OpenAPI document) with 408 and 413 declared on every operation that takes a
    request body, answered with a :class:`Problem` (its schema is among the components, as
    every route with ``responses=problems(...)`` puts it there)."""
    problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                answers = operation.setdefault("responses", {})
                for code, text in BODY_LIMITS.items():
                    answers.setdefault(str(code), {"description": text, "content": problem})
    return spec
