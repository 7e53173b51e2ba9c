"""Log in and out (web session cookie), who am I, API tokens for scripts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from burdenshare.api.access import PrincipalDep, authorize
from burdenshare.api.deps import SessionDep, SettingsDep
from burdenshare.api.models import Login, TokenCreate, TokenCreated, TokenRead, UserRead
from burdenshare.api.params import PathId
from burdenshare.api.ratelimit import LoginLimiter
from burdenshare.api.responses import problems
from burdenshare.api.security import (
    CSRF_HEADER,
    SESSION_COOKIE,
    browser_secret,
    clear_session_cookie,
    csrf_token,
    keep_browser_secret,
    set_session_cookie,
)
from burdenshare.store import users

router = APIRouter(prefix="/api/auth", tags=["auth"], dependencies=[Depends(authorize)])


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def too_many(wait: int) -> HTTPException:
    return HTTPException(429, "too many failed logins: try again later", {"Retry-After": str(wait)})


@router.post("/login", response_model=UserRead, responses=problems(401, 429))
def login(
    body: Login, request: Request, response: Response, session: SessionDep, config: SettingsDep
) -> UserRead:
    """Check the password and start a web session (an HttpOnly cookie). Unsafe calls with
    that cookie must send the returned ``X-CSRF-Token`` header. Repeated failures: 429."""
    limiter: LoginLimiter = request.app.state.login_limiter
    address = client_address(request)
    wait = limiter.retry_after(body.username, address)
    if wait is not None:
        raise too_many(wait)
    user = users.authenticate(session, body.username, body.password)
    if user is None:
        limiter.failed(body.username, address)
        raise HTTPException(401, "wrong username or password")
    limiter.succeeded(body.username)
    secret = users.start_web_session(session, user, config.session_max_age)
    set_session_cookie(response, secret, config)
    browser = browser_secret(request)
    keep_browser_secret(request, response, browser)
    response.headers[CSRF_HEADER] = csrf_token(browser, secret)
    return UserRead.model_validate(user)


@router.post("/logout", status_code=204, responses=problems(401, 403))
def logout(request: Request, response: Response, session: SessionDep, who: PrincipalDep) -> None:
    """End the web session of this cookie (bearer tokens are revoked through /tokens)."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        users.end_web_session(session, secret)
    clear_session_cookie(response)


@router.get("/me", response_model=UserRead, responses=problems(401, 403))
def me(session: SessionDep, who: PrincipalDep) -> UserRead:
    assert who.user_id is not None
    return UserRead.model_validate(users.get_user(session, who, who.user_id))


@router.get("/tokens", response_model=list[TokenRead], responses=problems(401, 403))
def list_tokens(session: SessionDep, who: PrincipalDep) -> list[TokenRead]:
    assert who.user_id is not None
    return [TokenRead.model_validate(t) for t in users.list_tokens(session, who.user_id)]


@router.post("/tokens", response_model=TokenCreated, status_code=201, responses=problems(401, 403))
def create_token(body: TokenCreate, session: SessionDep, who: PrincipalDep) -> TokenCreated:
    """A new API token for your own user; the secret is in this answer only."""
    assert who.user_id is not None
    user = users.get_user(session, who, who.user_id)
    secret, token = users.create_token(session, who, user, body.name, body.expires_at)
    return TokenCreated(token=secret, **TokenRead.model_validate(token).model_dump())


@router.delete("/tokens/{token_id}", status_code=204, responses=problems(401, 403, 404))
def revoke_token(token_id: PathId, session: SessionDep, who: PrincipalDep) -> None:
    users.revoke_token(session, who, token_id)
