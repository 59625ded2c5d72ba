"""``check_ledger`` proves that every idempotency key claiming a journal row agrees with the row."""

from __future__ import annotations

import json

from sqlalchemy import insert, select, update

from communitybot.db.models import OperationKey
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.support.community import World, new_key


def _stored(uow: UnitOfWork, key: str) -> dict[str, object]:
    result = uow.read(
        lambda s: s.scalar(select(OperationKey.result).where(OperationKey.key == key))
    )
    assert result is not None
    data = json.loads(result)
    assert isinstance(data, dict)
    return data


def _store(uow: UnitOfWork, key: str, data: dict[str, object]) -> None:
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    uow.run(
        lambda s: s.execute(update(OperationKey).where(OperationKey.key == key).values(result=text))
    )


def _add_key(uow: UnitOfWork, key: str, scope: str, data: dict[str, object]) -> None:
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    uow.run(lambda s: s.execute(insert(OperationKey).values(key=key, scope=scope, result=text)))


def _busy(world: World) -> dict[str, str]:
    """A send, a consume, a paying vote and an ended vouching: every kind of claiming key."""
    ada = world.user("Ada", balance=2_000, permission=True)
    bob = world.user("Bob", permission=True)
    keys = {name: new_key() for name in ("send", "consume", "vote", "unvouch")}
    svc.send(
        world.uow,
        world.rules,
        sender=ada.id,
        receiver=bob.id,
        amount=5,
        reason=None,
        key=keys["send"],
    )
    svc.consume(world.uow, world.rules, tid=ada.tid, name="drink", count=2, key=keys["consume"])
    creator = world.user("Creator")
    request = svc.request_payment(
        world.uow,
        world.rules,
        creator_tid=creator.tid,
        amount=700,
        description="tools",
        key=new_key(),
    ).collective
    svc.vote(
        world.uow,
        world.rules,
        collective_id=request.id,
        voter_tid=ada.tid,
        approve=True,
        key=new_key(),
    )
    svc.vote(
        world.uow,
        world.rules,
        collective_id=request.id,
        voter_tid=bob.tid,
        approve=True,
        key=keys["vote"],
    )
    guest = world.user("Guest", internal=False, voucher=ada, balance=-300)
    svc.stop_vouching(
        world.uow, world.rules, voucher_tid=ada.tid, external=guest.id, key=keys["unvouch"]
    )
    return keys


def test_every_claiming_key_records_the_row_it_wrote_and_a_clean_ledger_passes(
    uow: UnitOfWork,
) -> None:
    world = World(uow)
    world.community()
    keys = _busy(world)
    for key in keys.values():
        data = _stored(uow, key)
        assert isinstance(data["tx"], int)
        assert {"from", "to", "amount"} <= set(data)
    assert svc.check_ledger(uow) == ()


def test_a_key_whose_row_is_missing_or_different_is_reported(uow: UnitOfWork) -> None:
    world = World(uow)
    world.community()
    keys = _busy(world)
    send, consume = _stored(uow, keys["send"]), _stored(uow, keys["consume"])
    _store(uow, keys["send"], {**send, "tx": 999_999})
    _store(uow, keys["consume"], {**consume, "amount": 1})
    problems = {p.code: p.detail for p in svc.check_ledger(uow)}
    assert problems == {
        "operation_key_row_missing": (
            f"key {keys['send']} (send) claims transaction #999999, which does not exist"
        ),
        "operation_key_mismatch": (
            f"key {keys['consume']} (consume) claims transaction #{consume['tx']} as "
            f"#{consume['from']} -> #{consume['to']}, 1, but the row says "
            f"#{consume['from']} -> #{consume['to']}, {consume['amount']}"
        ),
    }


def test_a_row_claimed_by_two_keys_is_reported(uow: UnitOfWork) -> None:
    world = World(uow)
    world.community()
    keys = _busy(world)
    send = _stored(uow, keys["send"])
    _add_key(uow, "copied-key", "send", send)
    problems = svc.check_ledger(uow)
    assert [(p.code, p.detail) for p in problems] == [
        (
            "journal_row_claimed_twice",
            f"transaction #{send['tx']} is claimed by 2 keys: "
            f"{', '.join(sorted(['copied-key', keys['send']]))}",
        )
    ]


def test_unreadable_claims_and_claims_of_older_software(uow: UnitOfWork) -> None:
    world = World(uow)
    world.community()
    keys = _busy(world)
    send = _stored(uow, keys["send"])
    _store(uow, keys["send"], {"op": "send", "tx": send["tx"]})  # only the row, as before
    assert svc.check_ledger(uow) == ()
    _add_key(uow, "old-and-gone", "send", {"op": "send", "tx": 888_888})
    _add_key(uow, "garbled", "send", {"op": "send", "tx": "12"})
    _add_key(uow, "economy", "economy.transfer", {"op": "economy.transfer", "tx": 5})
    problems = sorted((p.code, p.detail) for p in svc.check_ledger(uow))
    assert problems == [
        (
            "operation_key_malformed",
            "key garbled (send) claims a journal row it does not name as a number",
        ),
        (
            "operation_key_row_missing",
            "key old-and-gone (send) claims transaction #888888, which does not exist",
        ),
    ]
