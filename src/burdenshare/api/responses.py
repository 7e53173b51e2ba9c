"""The error answers routes declare in the OpenAPI spec (``responses=``), so that every status
code the API can send is documented with its body: ``{"detail": "<message>"}``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


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


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route or router that may answer ``codes``."""
    return {code: {"model": Problem, "description": DESCRIPTIONS[code]} for code in codes}
