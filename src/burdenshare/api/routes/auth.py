"""Log in and out (web session cookie), who am I, API tokens for scripts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from burdenshare.api.access import PrincipalDep, authorize
from burdenshare.api.deps import SessionDep, SettingsDep
from burdenshare.api.models import Login, TokenCreate, TokenCreated, TokenRead, UserRead
from burdenshare.api.security import SESSION_COOKIE, clear_session_cookie, set_session_cookie
from burdenshare.store import users

router = APIRouter(prefix="/api/auth", tags=["auth"], dependencies=[Depends(authorize)])


@router.post("/login", response_model=UserRead)
def login(body: Login, response: Response, session: SessionDep, config: SettingsDep) -> UserRead:
    """Check the password and start a web session (an HttpOnly cookie)."""
    user = users.authenticate(session, body.username, body.password)
    if user is None:
        raise HTTPException(401, "wrong username or password")
    set_session_cookie(
        response, users.start_web_session(session, user, config.session_max_age), config
    )
    return UserRead.model_validate(user)


@router.post("/logout", status_code=204)
def logout(request: Request, response: Response, session: SessionDep, who: PrincipalDep) -> None:
    """End the web session of this cookie (bearer tokens are revoked through /tokens)."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        users.end_web_session(session, secret)
    clear_session_cookie(response)


@router.get("/me", response_model=UserRead)
def me(session: SessionDep, who: PrincipalDep) -> UserRead:
    assert who.user_id is not None
    return UserRead.model_validate(users.get_user(session, who, who.user_id))


@router.get("/tokens", response_model=list[TokenRead])
def list_tokens(session: SessionDep, who: PrincipalDep) -> list[TokenRead]:
    assert who.user_id is not None
    return [TokenRead.model_validate(t) for t in users.list_tokens(session, who.user_id)]


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(body: TokenCreate, session: SessionDep, who: PrincipalDep) -> TokenCreated:
    """A new API token for your own user; the secret is in this answer only."""
    assert who.user_id is not None
    user = users.get_user(session, who, who.user_id)
    secret, token = users.create_token(session, who, user, body.name, body.expires_at)
    return TokenCreated(token=secret, **TokenRead.model_validate(token).model_dump())


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: int, session: SessionDep, who: PrincipalDep) -> None:
    users.revoke_token(session, who, token_id)
