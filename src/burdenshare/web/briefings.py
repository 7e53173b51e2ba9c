"""Briefings from the dashboard: the report of the comparison's scenario (bundled, or one of the
user's saved scenarios) and of a tracked negotiation, as HTML or PDF downloads.

A negotiation's briefing is built from what its user may see and nothing else: the
negotiation through the store's access rules (participants only), the recorded offers, and the
study of the user's own delegation's profiles (:func:`store.analysis.negotiation_study`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from burdenshare.api.access import MaybePrincipalDep, authorize
from burdenshare.api.deps import SessionDep, SettingsDep
from burdenshare.api.routes.common import PathId
from burdenshare.costs.scenario import Scenario, load_scenario
from burdenshare.errors import BurdenshareError
from burdenshare.reports import Options, build_report, report_bytes
from burdenshare.reports.model import TrackedNegotiation, TrackedOffer
from burdenshare.store.analysis import negotiation_study, recorded_offers
from burdenshare.store.errors import Conflict, NotFound
from burdenshare.store.models import Round
from burdenshare.web import exports, views

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
KINDS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
MAX_RENDERING = 2  # briefings laid out at once (2 cores); more get 429 and may retry
_rendering = threading.BoundedSemaphore(MAX_RENDERING)


def _refusal(status: int, detail: str) -> Response:
    return JSONResponse({"detail": detail}, status_code=status)


@lru_cache(maxsize=len(KINDS))
def _bundled(kind: str) -> bytes:
    """The bundled scenario's briefing: the same bytes for every caller, laid out once per
    process (the bundled data cannot change while it runs)."""
    return report_bytes(build_report(views.scenario(views.NEGOTIATION_SCENARIO)), kind)


def _send(render: Callable[[], bytes], kind: str, stem: str) -> Response:
    """Build and lay out the report, at most ``MAX_RENDERING`` at once (else 429)."""
    if not _rendering.acquire(blocking=False):
        return JSONResponse(
            {"detail": "busy: other briefings are being written, retry shortly"},
            status_code=429,
            headers={"Retry-After": "5"},
        )
    try:
        data = render()
    except BurdenshareError as exc:
        return _refusal(422, str(exc))
    finally:
        _rendering.release()
    name = re.sub(r"[^A-Za-z0-9._-]", "_", stem) + f"-briefing.{kind}"
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=KINDS[kind], headers=headers)


@router.get("/proposals/briefing.{kind}")
def scenario_briefing(
    kind: str,
    who: MaybePrincipalDep,
    config: SettingsDep,
    saved: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The briefing of sma-2018, or of the user's saved scenario ``saved``."""
    if kind not in KINDS:
        return _refusal(404, "briefings are .html or .pdf")
    if not saved:
        return _send(lambda: _bundled(kind), kind, views.NEGOTIATION_SCENARIO)
    if who is None:
        return _refusal(401, "log in (Tracker) to open your saved scenarios")
    sc = exports.load_saved(config.home, who.username, saved)
    if sc is None:
        return _refusal(404, f"you have no saved scenario {saved!r}")
    chosen: Scenario = sc
    return _send(lambda: report_bytes(build_report(chosen), kind), kind, chosen.name)


def _latest_round(session: Any, negotiation_id: int) -> date | None:
    """The last day of the latest recorded round (its start when its end is not known)."""
    days = [
        r.ends_on or r.starts_on
        for r in session.scalars(select(Round).where(Round.negotiation_id == negotiation_id))
    ]
    known = [d for d in days if d is not None]
    return max(known) if known else None


@router.get("/tracker/{negotiation_id}/briefing.{kind}")
def negotiation_briefing(
    negotiation_id: PathId, kind: str, session: SessionDep, who: MaybePrincipalDep
) -> Response:
    """The briefing of a negotiation the user's delegation takes part in, from its own profiles."""
    if kind not in KINDS:
        return _refusal(404, "briefings are .html or .pdf")
    if who is None:
        return _refusal(401, "log in first")
    try:
        negotiation, study, _ = negotiation_study(session, who, negotiation_id)
        offers = recorded_offers(session, study, negotiation_id)
    except NotFound:
        return _refusal(404, f"no negotiation {negotiation_id}")
    except Conflict as exc:
        return _refusal(409, str(exc))
    assert negotiation.scenario is not None
    tracked = TrackedNegotiation(
        title=negotiation.title,
        description=negotiation.description,
        expiring=negotiation.expiring_agreement,
        expires_on=negotiation.expires_on,
        deadline=negotiation.deadline,
        delegation=who.delegation or "(none)",
        study=study,
        offers=tuple(
            TrackedOffer(o["round_number"], o["party"], o["label"], o["outcome_index"])
            for o in offers
        ),
        sources=tuple(negotiation.sources),
        as_of=_latest_round(session, negotiation_id),
    )
    scenario = negotiation.scenario
    return _send(
        lambda: report_bytes(build_report(load_scenario(scenario), Options(), tracked), kind),
        kind,
        negotiation.key,
    )
