"""Store errors as HTTP answers: 404, 403, 409, and 422 with field-level messages."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from burdenshare.errors import InputError
from burdenshare.limits import MAX_ECHO
from burdenshare.store.errors import Conflict, Forbidden, Invalid, NotFound

Handler = Callable[[Request, Exception], Awaitable[JSONResponse]]


def _message(status: int) -> Handler:
    async def handler(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status)

    return handler


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Invalid)
    detail = [
        {"loc": ["body", *error.loc], "msg": error.msg, "type": "value_error"}
        for error in exc.errors
    ]
    return JSONResponse({"detail": detail}, status_code=422)


async def _input(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    detail = [{"loc": [exc.field], "msg": exc.problem, "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)


async def _http(request: Request, exc: Exception) -> Response:
    """FastAPI answers a body it cannot decode (not UTF-8, not form data) with a bare 400;
    make it the documented 422 every other malformed body gets."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:
        detail = [{"loc": ["body"], "msg": str(exc.detail), "type": "body_invalid"}]
        return JSONResponse({"detail": detail}, status_code=422)
    return await http_exception_handler(request, exc)


def _short(value: Any) -> Any:
    """``value`` as the 422 may quote it: at most MAX_ECHO characters of it."""
    if isinstance(value, str):
        if len(value) <= MAX_ECHO:
            return value.encode("utf-8", "replace").decode("utf-8")
        return f"{value[:MAX_ECHO]}… ({len(value)} characters, cut)"
    try:
        text = json.dumps(jsonable_encoder(value), ensure_ascii=False)
        text.encode("utf-8")
    except (TypeError, ValueError):
        return "(not shown)"
    if len(text) <= MAX_ECHO:
        return jsonable_encoder(value)
    return f"{text[:MAX_ECHO]}… ({len(text)} characters, cut)"


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, with the refused input cut to MAX_ECHO characters (a huge body is
    never echoed back)."""
    assert isinstance(exc, RequestValidationError)
    detail = []
    for error in exc.errors():
        item = {k: v for k, v in error.items() if k not in ("input", "ctx", "url")}
        if "input" in error:
            item["input"] = _short(error["input"])
        if "ctx" in error:
            item["ctx"] = {k: _short(v) for k, v in error["ctx"].items()}
        detail.append(item)
    return JSONResponse({"detail": jsonable_encoder(detail)}, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(NotFound, _message(404))
    app.add_exception_handler(Forbidden, _message(403))
    app.add_exception_handler(Conflict, _message(409))
    app.add_exception_handler(Invalid, _invalid)
    app.add_exception_handler(InputError, _input)
