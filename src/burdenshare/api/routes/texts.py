"""Record routes: offers, clauses, notes, private profiles."""

from __future__ import annotations

from typing import Any

from burdenshare.api.deps import PagingDep
from burdenshare.api.models import (
    ClauseCreate,
    ClauseRead,
    ClauseUpdate,
    NoteCreate,
    NoteRead,
    NoteUpdate,
    OfferCreate,
    OfferRead,
    OfferUpdate,
    Page,
    ProfileCreate,
    ProfileRead,
    ProfileUpdate,
)
from burdenshare.api.routes.common import (
    BASE,
    PathId,
    QueryCode,
    QueryId,
    QueryVersion,
    RecordsDep,
    data_of,
    guarded_router,
    page_of,
)
from burdenshare.store.models import Clause, Note, Offer, Profile
from burdenshare.store.schemas import ClauseStatusValue, Visibility

router = guarded_router(BASE, "records")


# Offers: whole packages (a value of every issue's domain) by a party at a round.


@router.get("/offers", response_model=Page[OfferRead])
def list_offers(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
    round_id: QueryId = None,
    party: QueryCode = None,
) -> Any:
    filters = {"round_id": round_id, "party": party}
    page = records.list(Offer, negotiation_id, filters, paging.limit, paging.offset)
    return page_of(OfferRead, page)


@router.post("/offers", response_model=OfferRead, status_code=201)
def create_offer(negotiation_id: PathId, body: OfferCreate, records: RecordsDep) -> Any:
    return OfferRead.model_validate(records.create(Offer, negotiation_id, data_of(body)))


@router.get("/offers/{offer_id}", response_model=OfferRead)
def get_offer(negotiation_id: PathId, offer_id: PathId, records: RecordsDep) -> Any:
    return OfferRead.model_validate(records.get(Offer, negotiation_id, offer_id))


@router.patch("/offers/{offer_id}", response_model=OfferRead)
def update_offer(
    negotiation_id: PathId, offer_id: PathId, body: OfferUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(Offer, negotiation_id, offer_id, body.version, changes)
    return OfferRead.model_validate(found)


@router.delete("/offers/{offer_id}", status_code=204)
def delete_offer(
    negotiation_id: PathId, offer_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(Offer, negotiation_id, offer_id, version)


# Draft clauses of the agreement text and their status.


@router.get("/clauses", response_model=Page[ClauseRead])
def list_clauses(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
    round_id: QueryId = None,
    issue_id: QueryId = None,
    status: ClauseStatusValue | None = None,
) -> Any:
    filters = {"round_id": round_id, "issue_id": issue_id, "status": status}
    page = records.list(Clause, negotiation_id, filters, paging.limit, paging.offset)
    return page_of(ClauseRead, page)


@router.post("/clauses", response_model=ClauseRead, status_code=201)
def create_clause(negotiation_id: PathId, body: ClauseCreate, records: RecordsDep) -> Any:
    return ClauseRead.model_validate(records.create(Clause, negotiation_id, data_of(body)))


@router.get("/clauses/{clause_id}", response_model=ClauseRead)
def get_clause(negotiation_id: PathId, clause_id: PathId, records: RecordsDep) -> Any:
    return ClauseRead.model_validate(records.get(Clause, negotiation_id, clause_id))


@router.patch("/clauses/{clause_id}", response_model=ClauseRead)
def update_clause(
    negotiation_id: PathId, clause_id: PathId, body: ClauseUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(Clause, negotiation_id, clause_id, body.version, changes)
    return ClauseRead.model_validate(found)


@router.delete("/clauses/{clause_id}", status_code=204)
def delete_clause(
    negotiation_id: PathId, clause_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(Clause, negotiation_id, clause_id, version)


# Notes: shared with all participants, or private to your delegation.


@router.get("/notes", response_model=Page[NoteRead])
def list_notes(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
    round_id: QueryId = None,
    issue_id: QueryId = None,
    visibility: Visibility | None = None,
) -> Any:
    filters = {"round_id": round_id, "issue_id": issue_id, "visibility": visibility}
    page = records.list(Note, negotiation_id, filters, paging.limit, paging.offset)
    return page_of(NoteRead, page)


@router.post("/notes", response_model=NoteRead, status_code=201)
def create_note(negotiation_id: PathId, body: NoteCreate, records: RecordsDep) -> Any:
    return NoteRead.model_validate(records.create(Note, negotiation_id, data_of(body)))


@router.get("/notes/{note_id}", response_model=NoteRead)
def get_note(negotiation_id: PathId, note_id: PathId, records: RecordsDep) -> Any:
    return NoteRead.model_validate(records.get(Note, negotiation_id, note_id))


@router.patch("/notes/{note_id}", response_model=NoteRead)
def update_note(
    negotiation_id: PathId, note_id: PathId, body: NoteUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(Note, negotiation_id, note_id, body.version, changes)
    return NoteRead.model_validate(found)


@router.delete("/notes/{note_id}", status_code=204)
def delete_note(
    negotiation_id: PathId, note_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(Note, negotiation_id, note_id, version)


# Private preference profiles: your delegation's only.


@router.get("/profiles", response_model=Page[ProfileRead])
def list_profiles(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
    party: QueryCode = None,
) -> Any:
    filters = {"party": party}
    page = records.list(Profile, negotiation_id, filters, paging.limit, paging.offset)
    return page_of(ProfileRead, page)


@router.post("/profiles", response_model=ProfileRead, status_code=201)
def create_profile(negotiation_id: PathId, body: ProfileCreate, records: RecordsDep) -> Any:
    return ProfileRead.model_validate(records.create(Profile, negotiation_id, data_of(body)))


@router.get("/profiles/{profile_id}", response_model=ProfileRead)
def get_profile(negotiation_id: PathId, profile_id: PathId, records: RecordsDep) -> Any:
    return ProfileRead.model_validate(records.get(Profile, negotiation_id, profile_id))


@router.patch("/profiles/{profile_id}", response_model=ProfileRead)
def update_profile(
    negotiation_id: PathId, profile_id: PathId, body: ProfileUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(Profile, negotiation_id, profile_id, body.version, changes)
    return ProfileRead.model_validate(found)


@router.delete("/profiles/{profile_id}", status_code=204)
def delete_profile(
    negotiation_id: PathId, profile_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(Profile, negotiation_id, profile_id, version)
