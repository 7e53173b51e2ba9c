"""Server-side form checks: every error is keyed by the form field it belongs next to."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

import burdenshare.limits as limits
from burdenshare.costs.compare import compare
from burdenshare.costs.scenario import Scenario, build_scenario
from burdenshare.data.schemas import CostShare, ScenarioFile
from burdenshare.errors import InputError
from burdenshare.money import Money
from burdenshare.web.views import NEGOTIATION_SCENARIO, scenario

Errors = dict[str, str]
ESCALATIONS = ("freeze", "fixed")
AMOUNT_KINDS = ("percent", "KRW", "USD")
TERM_FIELDS = ("amount_kind", "amount", "years", "escalation", "rate", "sectors")
PROPOSAL_FIELDS = ("proposal", *TERM_FIELDS, "label", "new_key", "loaded")
#: the party of terms the user typed: never the original proposer or its source
ASSUMPTION_PARTY = "user (assumption)"
ASSUMPTION_NOTE = "Terms entered by the user in the dashboard: an assumption, not from any source."
NEW_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def decimal_field(text: str, name: str, errors: Errors, low: Decimal, high: Decimal) -> Decimal:
    """A number within the limits table (burdenshare/limits.py), then within low … high."""
    try:
        value = limits.parse_decimal(text.replace(",", ""))
    except limits.NotANumber:
        errors[name] = "enter a number"
        return Decimal(0)
    except limits.LimitError:  # NaN, Infinity, 1e999999999, 0e-999999999
        errors[name] = f"enter a number from {low} to {high}"
        return Decimal(0)
    if not low <= value <= high:
        errors[name] = f"enter a number from {low} to {high}"
    return value


def int_field(text: str, name: str, errors: Errors, low: int, high: int) -> int:
    try:
        value = limits.parse_int(text)
    except limits.LimitError:
        errors[name] = "enter a whole number"
        return 0
    if not low <= value <= high:
        errors[name] = f"enter a whole number from {low} to {high}"
    return value


def date_field(text: str, name: str, errors: Errors, required: bool = False) -> date | None:
    if not text.strip():
        if required:
            errors[name] = "enter a date (YYYY-MM-DD)"
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors[name] = "enter a date as YYYY-MM-DD"
        return None


def proposal_defaults(key: str, sc: Scenario | None = None) -> dict[str, str]:
    """The form's initial values for a proposal of ``sc`` (default: the sma-2018 scenario)."""
    sc = sc or scenario(NEGOTIATION_SCENARIO)
    spec = sc.spec.baseline if key == "baseline" else sc.spec.proposals[key]
    amount = spec.amount or sc.spec.baseline.amount
    kind, value = "percent", "100"
    if amount is not None and hasattr(amount, "percent"):
        value = str(amount.percent)
    elif isinstance(amount, CostShare):  # a share of the sending state's cost: its amount
        agreement = sc.proposal(key).agreement
        kind = agreement.currency.code
        value = str(Money(agreement.base_amount, agreement.currency).major)
    elif amount is not None:
        kind, value = amount.currency or "KRW", str(amount.value)
    proposal = sc.proposal(key)
    rule = spec.escalation or sc.spec.baseline.escalation
    rate = getattr(rule, "rate", None)
    return {
        "proposal": key,
        "amount_kind": kind,
        "amount": value,
        "years": str(len(proposal.agreement.years)),
        "escalation": "fixed" if rate else "freeze",
        "rate": str(rate) if rate is not None else "",
        "sectors": "",
        "label": proposal.label,
        "new_key": "",
        "loaded": key,
    }


def all_defaults(sc: Scenario) -> dict[str, dict[str, str]]:
    """Every proposal's initial form values (the page loads them when a proposal is chosen)."""
    return {p.key: proposal_defaults(p.key, sc) for p in sc.all}


def sectors_field(text: str, errors: Errors) -> dict[str, Decimal] | None:
    """``payroll=40, construction=40, logistics=20`` (percent shares); empty keeps the split."""
    if not text.strip():
        return None
    shares: dict[str, Decimal] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        name = name.strip()
        try:
            share = limits.parse_decimal(value)  # NaN, 1e999999999, 0e-999999999: refused
        except limits.LimitError:
            share = Decimal(-1)
        if not name or share < 0 or name in shares:
            errors["sectors"] = (
                "write sector=percent pairs, e.g. payroll=40, construction=40, logistics=20"
            )
            return None
        shares[name] = share
    if sum(shares.values()) != 100:
        errors["sectors"] = f"shares add up to {sum(shares.values())}%, not 100%"
        return None
    return shares


def edit_scenario(form: dict[str, str], sc: Scenario) -> tuple[Scenario | None, Errors]:
    """``sc`` with one proposal changed as the form says, or the errors."""
    errors: Errors = {}
    key = form.get("proposal", "")
    keys = [p.key for p in sc.all]
    if key not in keys:
        errors["proposal"] = f"choose one of: {', '.join(keys)}"
    kind = form.get("amount_kind", "")
    if kind not in AMOUNT_KINDS:
        errors["amount_kind"] = f"choose one of: {', '.join(AMOUNT_KINDS)}"
    high = Decimal(1000) if kind == "percent" else Decimal(10) ** 15
    amount = decimal_field(form.get("amount", ""), "amount", errors, Decimal(0), high)
    years = int_field(form.get("years", ""), "years", errors, 1, 50)
    escalation = form.get("escalation", "")
    if escalation not in ESCALATIONS:
        errors["escalation"] = f"choose one of: {', '.join(ESCALATIONS)}"
    rate = Decimal(0)
    if escalation == "fixed":
        rate = decimal_field(form.get("rate", ""), "rate", errors, Decimal(-50), Decimal(100))
    elif form.get("rate", "").strip():
        errors["rate"] = "a frozen amount takes no rate: leave it empty or choose fixed"
    sectors = sectors_field(form.get("sectors", ""), errors)
    label = form.get("label", "").strip()
    if len(label) > 120:
        errors["label"] = "at most 120 characters"
    new_key = form.get("new_key", "").strip()
    if new_key and not NEW_KEY.fullmatch(new_key):
        errors["new_key"] = "a–z, 0–9 and -, starting with a letter or digit, at most 40"
    elif new_key in keys:
        errors["new_key"] = f"{new_key!r} exists already: choose a new key"
    if errors:
        return None, errors
    defaults = proposal_defaults(key, sc)
    changed = any(form.get(f, "").strip() != defaults[f] for f in TERM_FIELDS)
    data = sc.spec.model_dump(exclude_unset=True)
    change: dict[str, Any] = {
        "years": years,
        "amount": {"percent": amount} if kind == "percent" else {"value": amount, "currency": kind},
        "escalation": {"type": "fixed", "rate": rate}
        if escalation == "fixed"
        else {"type": "freeze"},
    }
    if sectors is not None:
        change["sectors"] = {"shares": sectors}
    if new_key:  # duplicate as new: the original stays as its source states it
        copied = {} if key == "baseline" else dict(data["proposals"][key])
        copied.update(change)
        copied.update(
            label=label or f"{new_key}: the user's assumption (from {key})",
            party=ASSUMPTION_PARTY,
            reference="",
            references=(),
            notes=ASSUMPTION_NOTE,
        )
        data.setdefault("proposals", {})[new_key] = copied
    else:
        target = data["baseline"] if key == "baseline" else data["proposals"][key]
        target.update(change)
        if changed:  # the user's terms are never credited to the original source
            target.update(
                label=label
                if label and label != defaults["label"]
                else f"{key} with the user's terms (an assumption)",
                party=ASSUMPTION_PARTY,
                reference="",
                references=(),
                notes=ASSUMPTION_NOTE,
            )
        elif label:
            target["label"] = label  # relabelled only: the terms are still the source's
    try:
        spec = ScenarioFile.model_validate(data)
        edited = build_scenario(spec, sc.path)
        compare(edited)  # an amount the engine cannot compute is a form error, not a 500
        return edited, {}
    except ValidationError as exc:
        first = exc.errors()[0]
        field = next((str(p) for p in first["loc"] if str(p) in PROPOSAL_FIELDS), "amount")
        return None, {field: str(first["msg"])}
    except InputError as exc:
        name = exc.field.rsplit(".", 1)[-1]
        field = name if name in PROPOSAL_FIELDS else "amount"
        return None, {field: exc.problem}
