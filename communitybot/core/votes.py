"""The decision on a payment request from its votes.

Thresholds count the lead of one side over the other: a request is approved when approvals minus
disapprovals reach ``consent`` and denied when disapprovals minus approvals reach ``denial``.
"""

from __future__ import annotations

import enum


class PaymentDecision(enum.Enum):
    """What the votes so far decide about a payment request."""

    OPEN = "open"
    APPROVED = "approved"
    DENIED = "denied"


def decide_payment(
    approvals: int, disapprovals: int, *, consent: int, denial: int
) -> PaymentDecision:
    """Decide a payment request from its vote counts and the two thresholds (each at least 1)."""
    if consent < 1 or denial < 1:
        msg = f"thresholds must be at least 1 (consent={consent}, denial={denial})"
        raise ValueError(msg)
    if approvals < 0 or disapprovals < 0:
        msg = "vote counts cannot be negative"
        raise ValueError(msg)
    lead = approvals - disapprovals
    if lead >= consent:
        return PaymentDecision.APPROVED
    if -lead >= denial:
        return PaymentDecision.DENIED
    return PaymentDecision.OPEN


__all__ = ["PaymentDecision", "decide_payment"]
