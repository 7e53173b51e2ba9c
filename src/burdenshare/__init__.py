"""burdenshare: alliance host-nation-support (cost-sharing) agreements, computed exactly."""

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
