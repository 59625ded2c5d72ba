"""What ``communitybot check`` finds besides money: rows that a broken rule left behind.

The services keep these rules (on a multi-primary cluster through the guard rows of
``db/brokers/guards.py``); rows written by other software, by hand, or by a cluster without the
guards may still break them, and then the community cannot view, vote on or settle what they
touch. Each finding is a :class:`~communitybot.core.community.Problem` with a stable code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from sqlalchemy.orm import Session

from communitybot.core.community import (
    CollectiveStatus,
    Problem,
    TransactionKind,
    reason_collective,
)
from communitybot.core.economy import overlaps
from communitybot.core.ids import CollectiveId, UserId
from communitybot.core.rules import CommunityRules
from communitybot.core.splits import split_amount
from communitybot.core.votes import PaymentDecision, decide_payment
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers.collectives import CollectiveRecord
from communitybot.db.brokers.economy import taxes as tax_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import stored_outcome

_Members = dict[CollectiveId, list[tuple[UserId, bool]]]


def rule_violations(uow: UnitOfWork, rules: CommunityRules) -> tuple[Problem, ...]:
    """Every row that breaks a rule of the community or of an economy; empty when none does.

    ``duplicate_member``: a user twice among the members (or voters) of one collective;
    ``settled_member_unpaid``: a settled communism with a member, other than its creator, who
    did not pay a share above 0; ``open_request_decided``: an open payment request whose votes
    reach ``rules.payment_consent`` or ``rules.payment_denial``; ``too_many_open_collectives``:
    a creator with more than ``rules.max_open_collectives`` open; ``tax_brackets_overlap``: two
    brackets of one economy, account type and tax type that overlap. ``open_request_decided``
    and ``too_many_open_collectives`` judge by today's ``rules``: after an administrator lowered
    a threshold or a limit they also name what was right under the old one.
    """
    return uow.read(lambda session: tuple(_violations(session, rules)))


def _violations(session: Session, rules: CommunityRules) -> list[Problem]:
    records = collective_broker.list_all(session)
    members: _Members = defaultdict(list)
    for collective_id, user_id, vote in collective_broker.list_all_members(session):
        members[collective_id].append((user_id, vote))
    problems = _duplicates(members)
    problems += _unpaid_members(session, records, members)
    problems += _decided_requests(records, members, rules)
    problems += _open_over_limit(records, rules)
    problems += _overlapping_brackets(session)
    return problems


def _duplicates(members: _Members) -> list[Problem]:
    problems = []
    for collective_id, rows in sorted(members.items()):
        counts = Counter(user_id for user_id, _ in rows)
        for user_id, count in sorted(counts.items()):
            if count > 1:
                detail = f"collective #{collective_id}: user #{user_id} is a member {count} times"
                problems.append(Problem("duplicate_member", detail))
    return problems


def _unpaid_members(
    session: Session, records: list[CollectiveRecord], members: _Members
) -> list[Problem]:
    paid: set[tuple[int, int]] = set()
    kind = TransactionKind.COMMUNISM
    for row in journal.list_by_reason_prefix(session, prefix=kind.prefix):
        collective_id = reason_collective(row.reason, kind)
        if collective_id is not None:
            paid.add((collective_id, row.sender))
    problems = []
    for record in records:
        if record.active or not record.communistic:
            continue
        if stored_outcome(session, collective_id=record.id) is not CollectiveStatus.SETTLED:
            continue
        ordered = list(dict.fromkeys([record.creator, *(u for u, _ in members[record.id])]))
        split = split_amount(max(record.amount, 0), ordered, record.externals or 0)
        for user_id, share in split.shares:
            if user_id != record.creator and share > 0 and (record.id, user_id) not in paid:
                detail = (
                    f"communism #{record.id} is settled, but member #{user_id} did not pay "
                    f"its share of {share}"
                )
                problems.append(Problem("settled_member_unpaid", detail))
    return problems


def _decided_requests(
    records: list[CollectiveRecord], members: _Members, rules: CommunityRules
) -> list[Problem]:
    problems = []
    for record in records:
        if not record.active or record.communistic:
            continue
        votes = [vote for _, vote in members[record.id]]
        approvals = sum(votes)
        decision = decide_payment(
            approvals,
            len(votes) - approvals,
            consent=rules.payment_consent,
            denial=rules.payment_denial,
        )
        if decision is not PaymentDecision.OPEN:
            detail = (
                f"payment request #{record.id} is open with {approvals} approval(s) and "
                f"{len(votes) - approvals} disapproval(s): {decision.value} by the rules "
                f"(consent {rules.payment_consent}, denial {rules.payment_denial})"
            )
            problems.append(Problem("open_request_decided", detail))
    return problems


def _open_over_limit(records: list[CollectiveRecord], rules: CommunityRules) -> list[Problem]:
    open_by: Counter[int] = Counter(r.creator for r in records if r.active)
    return [
        Problem(
            "too_many_open_collectives",
            f"user #{creator} has {count} open collectives, "
            f"the limit is {rules.max_open_collectives}",
        )
        for creator, count in sorted(open_by.items())
        if count > rules.max_open_collectives
    ]


def _overlapping_brackets(session: Session) -> list[Problem]:
    groups = defaultdict(list)
    for bracket in tax_broker.list_brackets(session, economy_id=None):
        groups[(bracket.economy_id, bracket.affected_type, bracket.tax_type)].append(bracket)
    problems = []
    for (economy_id, affected, tax_type), brackets in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1].value, item[0][2].value)
    ):
        for a, b in combinations(brackets, 2):
            if overlaps(a.start, a.end, b.start, b.end):
                detail = (
                    f"economy #{economy_id}: tax brackets {a.name!r} and {b.name!r} "
                    f"({affected.value}, {tax_type.value}) overlap"
                )
                problems.append(Problem("tax_brackets_overlap", detail))
    return problems


__all__ = ["rule_violations"]
