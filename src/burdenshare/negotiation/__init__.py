"""Negotiation analysis: outcome spaces, private preferences, bargaining solutions, GENIUS I/O.

Pure and vectorized: utilities are NumPy arrays indexed by outcome index, and every analysis
function works on those arrays (see :mod:`burdenshare.negotiation.analysis`).
"""

from burdenshare.negotiation.analysis import (
    BargainingAnalysis,
    SolutionPoint,
    analyze,
    concessions,
    distance_to_frontier,
    distances_to_frontier,
    egalitarian_point,
    kalai_smorodinsky_point,
    max_welfare_point,
    nash_point,
    pareto_indices,
    post_settlement_improvements,
    zopa_indices,
)
from burdenshare.negotiation.elicitation import Elicitation, elicit
from burdenshare.negotiation.genius import (
    GeniusWarning,
    genius_domain_xml,
    genius_profile_xml,
    load_genius,
    load_genius_domain,
    load_genius_folder,
    load_genius_profile,
)
from burdenshare.negotiation.geniusweb import geniusweb_profile_json, load_geniusweb_profile
from burdenshare.negotiation.issues import Issue, IssueError, Outcome, OutcomeSpace, Value
from burdenshare.negotiation.preferences import (
    LinearAdditivePreferences,
    LinearValue,
    PiecewiseLinearValue,
    PreferenceError,
    RangeValue,
    TableValue,
    ValueFunction,
)

__all__ = [
    "BargainingAnalysis",
    "Elicitation",
    "GeniusWarning",
    "Issue",
    "IssueError",
    "LinearAdditivePreferences",
    "LinearValue",
    "Outcome",
    "OutcomeSpace",
    "PiecewiseLinearValue",
    "PreferenceError",
    "RangeValue",
    "SolutionPoint",
    "TableValue",
    "Value",
    "ValueFunction",
    "analyze",
    "concessions",
    "distance_to_frontier",
    "distances_to_frontier",
    "egalitarian_point",
    "elicit",
    "genius_domain_xml",
    "genius_profile_xml",
    "geniusweb_profile_json",
    "kalai_smorodinsky_point",
    "load_genius",
    "load_genius_domain",
    "load_genius_folder",
    "load_genius_profile",
    "load_geniusweb_profile",
    "max_welfare_point",
    "nash_point",
    "pareto_indices",
    "post_settlement_improvements",
    "zopa_indices",
]
