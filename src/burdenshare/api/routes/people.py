"""Delegations and users (admins manage their own delegation's users)."""

from __future__ import annotations

from sqlalchemy import select

from burdenshare.api.access import PrincipalDep
from burdenshare.api.deps import SessionDep
from burdenshare.api.models import Delegation, Revoked, UserCreate, UserRead, UserUpdate
from burdenshare.api.params import PathId
from burdenshare.api.routes.common import guarded_router
from burdenshare.store import models, users

router = guarded_router("/api", "users")


@router.get("/delegations", response_model=list[Delegation])
def list_delegations(session: SessionDep, who: PrincipalDep) -> list[Delegation]:
    rows = session.scalars(select(models.Delegation).order_by(models.Delegation.code))
    return [Delegation.model_validate(d) for d in rows]


@router.get("/users", response_model=list[UserRead])
def list_users(session: SessionDep, who: PrincipalDep) -> list[UserRead]:
    return [UserRead.model_validate(u) for u in users.list_users(session, who)]


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(body: UserCreate, session: SessionDep, who: PrincipalDep) -> UserRead:
    """A user of your own delegation."""
    user = users.create_user(session, who, body.model_dump() | {"delegation": who.delegation})
    return UserRead.model_validate(user)


@router.get("/users/{user_id}", response_model=UserRead)
def get_user(user_id: PathId, session: SessionDep, who: PrincipalDep) -> UserRead:
    return UserRead.model_validate(users.get_user(session, who, user_id))


@router.patch("/users/{user_id}", response_model=UserRead)
def update_user(
    user_id: PathId, body: UserUpdate, session: SessionDep, who: PrincipalDep
) -> UserRead:
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    return UserRead.model_validate(users.update_user(session, who, user_id, body.version, changes))


@router.post("/users/{user_id}/revoke", response_model=Revoked)
def revoke_user(user_id: PathId, session: SessionDep, who: PrincipalDep) -> Revoked:
    """Revoke every API token and end every web session of a user of your own delegation
    (a lost laptop, a leaked token); the user logs in again with the password."""
    tokens, sessions = users.revoke_user(session, who, user_id)
    return Revoked(tokens=tokens, sessions=sessions)
