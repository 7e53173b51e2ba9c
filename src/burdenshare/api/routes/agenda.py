"""Record routes: rounds, issues, issue statuses, positions."""

from __future__ import annotations

from typing import Any

from burdenshare.api.deps import PagingDep
from burdenshare.api.models import (
    IssueRead,
    IssueStatusCreate,
    IssueStatusRead,
    IssueStatusUpdate,
    IssueUpdate,
    Page,
    PositionCreate,
    PositionRead,
    PositionUpdate,
    RoundRead,
    RoundUpdate,
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
from burdenshare.store.models import Issue, IssueStatus, Position, Round
from burdenshare.store.schemas import IssueFields, IssueStatusValue, RoundFields

router = guarded_router(BASE, "records")


# Rounds: one meeting of the delegations (unknown dates and venues stay null).


@router.get("/rounds", response_model=Page[RoundRead])
def list_rounds(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
) -> Any:
    page = records.list(Round, negotiation_id, {}, paging.limit, paging.offset)
    return page_of(RoundRead, page)


@router.post("/rounds", response_model=RoundRead, status_code=201)
def create_round(negotiation_id: PathId, body: RoundFields, records: RecordsDep) -> Any:
    return RoundRead.model_validate(records.create(Round, negotiation_id, data_of(body)))


@router.get("/rounds/{round_id}", response_model=RoundRead)
def get_round(negotiation_id: PathId, round_id: PathId, records: RecordsDep) -> Any:
    return RoundRead.model_validate(records.get(Round, negotiation_id, round_id))


@router.patch("/rounds/{round_id}", response_model=RoundRead)
def update_round(
    negotiation_id: PathId, round_id: PathId, body: RoundUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(Round, negotiation_id, round_id, body.version, changes)
    return RoundRead.model_validate(found)


@router.delete("/rounds/{round_id}", status_code=204)
def delete_round(
    negotiation_id: PathId, round_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(Round, negotiation_id, round_id, version)


# Issues: the negotiable terms and each one's domain of values.


@router.get("/issues", response_model=Page[IssueRead])
def list_issues(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
) -> Any:
    page = records.list(Issue, negotiation_id, {}, paging.limit, paging.offset)
    return page_of(IssueRead, page)


@router.post("/issues", response_model=IssueRead, status_code=201)
def create_issue(negotiation_id: PathId, body: IssueFields, records: RecordsDep) -> Any:
    return IssueRead.model_validate(records.create(Issue, negotiation_id, data_of(body)))


@router.get("/issues/{issue_id}", response_model=IssueRead)
def get_issue(negotiation_id: PathId, issue_id: PathId, records: RecordsDep) -> Any:
    return IssueRead.model_validate(records.get(Issue, negotiation_id, issue_id))


@router.patch("/issues/{issue_id}", response_model=IssueRead)
def update_issue(
    negotiation_id: PathId, issue_id: PathId, body: IssueUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(Issue, negotiation_id, issue_id, body.version, changes)
    return IssueRead.model_validate(found)


@router.delete("/issues/{issue_id}", status_code=204)
def delete_issue(
    negotiation_id: PathId, issue_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(Issue, negotiation_id, issue_id, version)


# Issue statuses: open, agreed or dropped, per issue per round.


@router.get("/issue-statuses", response_model=Page[IssueStatusRead])
def list_issue_statuses(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
    round_id: QueryId = None,
    issue_id: QueryId = None,
    status: IssueStatusValue | None = None,
) -> Any:
    filters = {"round_id": round_id, "issue_id": issue_id, "status": status}
    page = records.list(IssueStatus, negotiation_id, filters, paging.limit, paging.offset)
    return page_of(IssueStatusRead, page)


@router.post("/issue-statuses", response_model=IssueStatusRead, status_code=201)
def create_issue_status(
    negotiation_id: PathId, body: IssueStatusCreate, records: RecordsDep
) -> Any:
    return IssueStatusRead.model_validate(
        records.create(IssueStatus, negotiation_id, data_of(body))
    )


@router.get("/issue-statuses/{status_id}", response_model=IssueStatusRead)
def get_issue_status(negotiation_id: PathId, status_id: PathId, records: RecordsDep) -> Any:
    return IssueStatusRead.model_validate(records.get(IssueStatus, negotiation_id, status_id))


@router.patch("/issue-statuses/{status_id}", response_model=IssueStatusRead)
def update_issue_status(
    negotiation_id: PathId, status_id: PathId, body: IssueStatusUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(IssueStatus, negotiation_id, status_id, body.version, changes)
    return IssueStatusRead.model_validate(found)


@router.delete("/issue-statuses/{status_id}", status_code=204)
def delete_issue_status(
    negotiation_id: PathId, status_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(IssueStatus, negotiation_id, status_id, version)


# Positions: a party's stated stance on one issue.


@router.get("/positions", response_model=Page[PositionRead])
def list_positions(
    negotiation_id: PathId,
    records: RecordsDep,
    paging: PagingDep,
    round_id: QueryId = None,
    issue_id: QueryId = None,
    party: QueryCode = None,
) -> Any:
    filters = {"round_id": round_id, "issue_id": issue_id, "party": party}
    page = records.list(Position, negotiation_id, filters, paging.limit, paging.offset)
    return page_of(PositionRead, page)


@router.post("/positions", response_model=PositionRead, status_code=201)
def create_position(negotiation_id: PathId, body: PositionCreate, records: RecordsDep) -> Any:
    return PositionRead.model_validate(records.create(Position, negotiation_id, data_of(body)))


@router.get("/positions/{position_id}", response_model=PositionRead)
def get_position(negotiation_id: PathId, position_id: PathId, records: RecordsDep) -> Any:
    return PositionRead.model_validate(records.get(Position, negotiation_id, position_id))


@router.patch("/positions/{position_id}", response_model=PositionRead)
def update_position(
    negotiation_id: PathId, position_id: PathId, body: PositionUpdate, records: RecordsDep
) -> Any:
    changes = data_of(body, update=True)
    found = records.update(Position, negotiation_id, position_id, body.version, changes)
    return PositionRead.model_validate(found)


@router.delete("/positions/{position_id}", status_code=204)
def delete_position(
    negotiation_id: PathId, position_id: PathId, records: RecordsDep, version: QueryVersion = None
) -> None:
    records.delete(Position, negotiation_id, position_id, version)
