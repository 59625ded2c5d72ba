"""How few voters still reach a decision (docs/users.md, "How many votes decide"): every sequence
of votes is tried for small thresholds, and the fewest voters that decide are what the docs say."""

from __future__ import annotations

from itertools import product

import pytest

from communitybot.core.votes import PaymentDecision, decide_payment


def _first_decision(votes: tuple[bool, ...], consent: int, denial: int) -> tuple[int, str]:
    """After how many of ``votes`` the request is decided, and how (0, "open" if never)."""
    approvals = disapprovals = 0
    for count, approve in enumerate(votes, start=1):
        approvals += approve
        disapprovals += not approve
        decision = decide_payment(approvals, disapprovals, consent=consent, denial=denial)
        if decision is not PaymentDecision.OPEN:
            return count, decision.value
    return 0, "open"


@pytest.mark.parametrize(("consent", "denial"), list(product(range(1, 5), range(1, 5))))
def test_fewest_voters_that_decide(consent: int, denial: int) -> None:
    fewest: dict[str, int] = {}
    for length in range(1, 9):
        for votes in product((True, False), repeat=length):
            count, outcome = _first_decision(votes, consent, denial)
            if count:
                fewest[outcome] = min(fewest.get(outcome, count), count)
    # unanimous voters decide soonest: `consent` approvals pay, `denial` disapprovals deny
    assert fewest == {"approved": consent, "denied": denial}


@pytest.mark.parametrize("consent", [1, 2, 3])
@pytest.mark.parametrize("against", [0, 1, 2, 3])
def test_each_disapproval_costs_one_more_approval(consent: int, against: int) -> None:
    denial = against + 1  # high enough that the disapprovals alone do not deny
    assert decide_payment(consent + against - 1, against, consent=consent, denial=denial) is (
        PaymentDecision.OPEN
    )
    assert decide_payment(consent + against, against, consent=consent, denial=denial) is (
        PaymentDecision.APPROVED
    )


def test_fewer_voters_than_the_threshold_never_decide() -> None:
    """A community with fewer voters than ``payment_consent`` cannot pay by votes: every
    sequence of two voters leaves a request with consent 3 and denial 3 open (it expires)."""
    for votes in product((True, False), repeat=2):
        assert _first_decision(votes, 3, 3) == (0, "open")
