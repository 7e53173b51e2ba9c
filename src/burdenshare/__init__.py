"""burdenshare: alliance host-nation-support (cost-sharing) agreements, computed exactly.

The names below are imported on first use (PEP 562), so ``burdenshare --help`` and a
command that needs only part of the package do not load the whole engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from burdenshare.costs.agreement import Agreement, amounts
    from burdenshare.costs.catalog import find_agreement, load_dataset
    from burdenshare.costs.compare import Comparison, compare
    from burdenshare.costs.history import History, history
    from burdenshare.costs.scenario import Proposal, Scenario, load_scenario
    from burdenshare.costs.schedule import Conversion, Schedule, schedule
    from burdenshare.data import bundled_series
    from burdenshare.errors import BurdenshareError, InputError, MissingDataError
    from burdenshare.lapse.scenario import lapse_case
    from burdenshare.lapse.timeline import Timeline, no_deal_cost, simulate_case
    from burdenshare.money import Currency, ExchangeRate, Money

_WHERE = {
    "burdenshare.costs.agreement": ("Agreement", "amounts"),
    "burdenshare.costs.catalog": ("find_agreement", "load_dataset"),
    "burdenshare.costs.compare": ("Comparison", "compare"),
    "burdenshare.costs.history": ("History", "history"),
    "burdenshare.costs.scenario": ("Proposal", "Scenario", "load_scenario"),
    "burdenshare.costs.schedule": ("Conversion", "Schedule", "schedule"),
    "burdenshare.data": ("bundled_series",),
    "burdenshare.errors": ("BurdenshareError", "InputError", "MissingDataError"),
    "burdenshare.lapse.scenario": ("lapse_case",),
    "burdenshare.lapse.timeline": ("Timeline", "no_deal_cost", "simulate_case"),
    "burdenshare.money": ("Currency", "ExchangeRate", "Money"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [
    "Agreement",
    "BurdenshareError",
    "Comparison",
    "Conversion",
    "Currency",
    "ExchangeRate",
    "History",
    "InputError",
    "MissingDataError",
    "Money",
    "Proposal",
    "Scenario",
    "Schedule",
    "Timeline",
    "amounts",
    "bundled_series",
    "compare",
    "find_agreement",
    "history",
    "lapse_case",
    "load_dataset",
    "load_scenario",
    "no_deal_cost",
    "schedule",
    "simulate_case",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'burdenshare' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
