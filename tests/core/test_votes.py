"""Payment decisions: thresholds count approvals minus disapprovals."""

from __future__ import annotations

import pytest

from communitybot.core.votes import PaymentDecision, decide_payment


@pytest.mark.parametrize(
    ("approvals", "disapprovals", "expected"),
    [
        (0, 0, PaymentDecision.OPEN),
        (1, 0, PaymentDecision.OPEN),
        (2, 0, PaymentDecision.APPROVED),
        (2, 1, PaymentDecision.OPEN),
        (3, 1, PaymentDecision.APPROVED),
        (0, 1, PaymentDecision.OPEN),
        (0, 2, PaymentDecision.DENIED),
        (1, 3, PaymentDecision.DENIED),
        (5, 5, PaymentDecision.OPEN),
    ],
)
def test_default_thresholds(approvals: int, disapprovals: int, expected: PaymentDecision) -> None:
    assert decide_payment(approvals, disapprovals, consent=2, denial=2) is expected


def test_thresholds_differ() -> None:
    assert decide_payment(1, 0, consent=1, denial=3) is PaymentDecision.APPROVED
    assert decide_payment(0, 2, consent=1, denial=3) is PaymentDecision.OPEN
    assert decide_payment(0, 3, consent=1, denial=3) is PaymentDecision.DENIED


@pytest.mark.parametrize(("consent", "denial"), [(0, 2), (2, 0)])
def test_thresholds_must_be_positive(consent: int, denial: int) -> None:
    with pytest.raises(ValueError):
        decide_payment(0, 0, consent=consent, denial=denial)


def test_counts_must_not_be_negative() -> None:
    with pytest.raises(ValueError):
        decide_payment(-1, 0, consent=2, denial=2)
