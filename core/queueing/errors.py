"""Errors of the queueing models: a bad input, and Erlang C without a steady state."""
from __future__ import annotations

from core.queueing.common import min_stable_agents


class QueueInputError(ValueError):
    """An input that no queueing model can use (negative rate, AHT of 0, NaN, 2.5 agents...).

    ``field`` names the argument and ``reason`` is a short code ("not_finite", "not_positive",
    "negative", "not_integer", "out_of_range") so that a page can translate the message.
    """

    def __init__(self, field: str, reason: str, value):
        self.field = field
        self.reason = reason
        self.value = value
        super().__init__(f"{field}={value!r}: {reason.replace('_', ' ')}")


class UnstableQueueError(ValueError):
    """Erlang C has no steady state: the traffic A (Erlangs) is at least the number of agents.

    ``min_agents`` = floor(A) + 1 is the smallest number of agents with a steady state.
    """

    def __init__(self, traffic: float, agents: int):
        self.traffic = float(traffic)
        self.agents = int(agents)
        self.min_agents = min_stable_agents(traffic)
        super().__init__(
            f"unstable: traffic {self.traffic:.4g} Erlangs >= {self.agents} agents; "
            f"no steady state exists. At least {self.min_agents} agents are needed "
            f"(more than {self.traffic:.4g})."
        )
