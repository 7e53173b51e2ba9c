"""A HardHeaded-style agent (van Krimpen, Looije, Hajizadeh: "HardHeaded", in *Complex
Automated Negotiations: Theories, Models, and Software Competitions*, Studies in Computational
Intelligence 435, Springer 2013; winner of ANAC 2011).

Its published strategy, as implemented here: a very Boulware concession (``e = 0.05``) towards
a floor of ``max(reservation, 0.585 · max utility)`` (the paper's minimum utility 0.585 on
domains whose best utility is 1), bids chosen among those near the target by a frequency
opponent model (learning rate 0.2), and AC_next. Simplifications (documented assumptions): no
discount-dependent concession and no bid history replay; the bid window is the 200 outcomes at
or above the target nearest to it.
"""

from __future__ import annotations

from burdenshare.negotiation.agents.base import AgentContext
from burdenshare.negotiation.agents.boa import BOAAgent, time_target
from burdenshare.negotiation.agents.models import FrequencyModel
from burdenshare.negotiation.agents.registry import AgentSpec

REFERENCE = (
    "van Krimpen, Looije, Hajizadeh: HardHeaded, in Complex Automated Negotiations, "
    "Studies in Computational Intelligence 435, Springer 2013"
)


def hardheaded(context: AgentContext) -> BOAAgent:
    minimum = 0.585 * float(context.utilities.max())
    return BOAAgent(
        context, time_target(context, 0.05, minimum), model=FrequencyModel(context.shape)
    )


AGENTS = (
    AgentSpec(
        "hardheaded",
        hardheaded,
        REFERENCE,
        "Boulware e = 0.05 to 0.585, frequency opponent model, AC_next",
    ),
)
