"""Consistency check of the ledger (``communitybot check``)."""

from __future__ import annotations

from communitybot.core.community import Problem
from communitybot.db.uow import UnitOfWork


def check_ledger(uow: UnitOfWork) -> tuple[Problem, ...]:
    """Every inconsistency of the community ledger; empty when all is well.

    Checks: each balance equals received minus sent in ``transactions`` (``balance_mismatch``);
    exactly one community user (``community_user_missing`` / ``community_user_duplicate``); no
    external without voucher sent or received money after its ``externals.changed``
    (``unvouched_external_moved``); no collective paid twice (``collective_paid_twice``) and no
    open collective paid at all (``open_collective_paid``); no non-positive amounts
    (``bad_amount``); no balance outside the debt-limit-free MEDIUMINT range.
    """
    ...


__all__ = ["check_ledger"]
