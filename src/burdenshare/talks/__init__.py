"""The host-nation-support application of the negotiation engine: an agreement's terms as an
outcome space (payments from the cost engine), money-grounded preferences with reservation
values from the lapse simulator, the calendar Monte Carlo of the talks and its outlook, studies
of scenarios and GENIUS domains, and the analysis of tracked negotiations.

The engine it uses (:mod:`burdenshare.negotiation`) knows nothing of agreements or money.
"""
