"""Users: registration and refresh, the one community user, the admin's care, deactivation."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select

from communitybot.core.community import UserInfo
from communitybot.core.errors import (
    AlreadyExternal,
    AmbiguousUsername,
    CommunityUserNotAllowed,
    ConfigurationError,
    ExternalNotAllowed,
    IdempotencyKeyConflict,
    InactiveUser,
    NotExternal,
    StillVouching,
    UnknownUser,
)
from communitybot.core.ids import TelegramId, UserId
from communitybot.db.brokers import users as user_broker
from communitybot.db.models import Transaction, User
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import (
    INTERNAL_CHAT,
    OTHER_CHAT,
    RULES,
    World,
    assert_refused,
    new_key,
)


def _register(uow: UnitOfWork, tid: int, first: str = "Ada", **kw: Any) -> UserInfo:
    args: dict[str, Any] = {
        "first_name": first,
        "last_name": None,
        "username": None,
        "chat_id": INTERNAL_CHAT,
    }
    args.update(kw)
    return svc.register_or_refresh(uow, RULES, tid=TelegramId(tid), **args)


def test_registration_in_an_internal_chat_is_internal(world: World) -> None:
    user = _register(world.uow, 1, "Ada", last_name="Lovelace", username="@ada")
    assert (user.name, user.username, user.balance) == ("Ada Lovelace", "ada", 0)
    assert (user.external, user.voucher, user.permission, user.active) == (False, None, False, True)


@pytest.mark.parametrize("chat_id", [OTHER_CHAT, None, 12345])
def test_registration_elsewhere_is_external_without_voucher(world: World, chat_id: object) -> None:
    user = _register(world.uow, 2, chat_id=chat_id)
    assert user.external is True
    assert user.voucher is None


def test_refresh_updates_name_and_username_but_not_status(world: World) -> None:
    _register(world.uow, 3, "Old", chat_id=OTHER_CHAT, username="old")
    user = _register(world.uow, 3, "New", last_name="Name", username="new", chat_id=INTERNAL_CHAT)
    assert (user.name, user.username, user.external) == ("New Name", "new", True)
    assert world.uow.read(lambda s: s.scalar(select(func.count()).select_from(User))) == 2


def test_refresh_without_change_writes_nothing(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    _register(world.uow, 4, "Same", username="same")
    before = snapshot()
    _register(world.uow, 4, "Same", username="@same")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("first", "last", "username", "expected"),
    [
        ("  Ada ", " King ", None, "Ada King"),
        ("", None, "@nick", "nick"),
        (" ", "", None, "user 5"),
        ("x" * 300, None, None, "x" * 255),
    ],
)
def test_name_is_never_empty(
    world: World, first: str, last: str | None, username: str | None, expected: str
) -> None:
    user = _register(world.uow, 5, first, last_name=last, username=username)
    assert user.name == expected


def test_username_moves_to_its_new_owner(world: World) -> None:
    old = _register(world.uow, 6, "Old", username="handle")
    new = _register(world.uow, 7, "New", username="Handle")
    assert world.get(old).username is None
    assert svc.get_user(world.uow, user="@handle").id == new.id


def _refresh(uow: UnitOfWork, tid: int, first: str, **kw: Any) -> UserInfo | None:
    args: dict[str, Any] = {"last_name": None, "username": None}
    args.update(kw)
    return svc.refresh_user(uow, tid=TelegramId(tid), first_name=first, **args)


@contextlib.contextmanager
def _statements(uow: UnitOfWork) -> Iterator[list[str]]:
    """The SQL statements sent to the server inside the block, by the unit of work's engine
    and by its reader."""
    seen: list[str] = []
    engines = [e for e in (uow.engine, uow.reader) if e is not None]

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


def _writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_refresh_user_stores_a_new_name_and_username_but_not_the_status(world: World) -> None:
    old = _register(world.uow, 8, "Old", username="old", chat_id=OTHER_CHAT)
    user = _refresh(world.uow, 8, "New", last_name="Name", username="@new")
    assert user is not None
    assert (user.id, user.name, user.username, user.external) == (old.id, "New Name", "new", True)
    assert world.get(old) == user


def test_refresh_user_of_an_unknown_account_is_none_and_creates_nobody(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    before = snapshot()
    with _statements(world.uow) as statements:
        assert _refresh(world.uow, 9_999, "Stranger", username="stranger") is None
    assert _writes(statements) == []
    assert snapshot() == before


def test_refresh_user_without_change_sends_no_write(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    stored = _register(world.uow, 10, "Same", last_name="Person", username="same")
    before = snapshot()
    with _statements(world.uow) as statements:
        again = _refresh(world.uow, 10, " Same ", last_name="Person", username=" @same")
    assert again == stored
    assert statements != []
    assert _writes(statements) == []
    assert snapshot() == before


def test_refresh_user_takes_over_a_username_and_falls_back_to_it_as_name(world: World) -> None:
    old = _register(world.uow, 11, "Old", username="handle")
    new = _register(world.uow, 12, "New")
    refreshed = _refresh(world.uow, 12, "", username="Handle")
    assert refreshed is not None
    assert (refreshed.name, refreshed.username) == ("Handle", "Handle")
    assert world.get(old).username is None
    assert svc.get_user(world.uow, user="@handle").id == new.id


def test_refresh_user_refreshes_an_inactive_user(world: World) -> None:
    user = world.user("Sleeper", active=False)
    assert user.tid is not None
    refreshed = _refresh(world.uow, user.tid, "Awake")
    assert refreshed is not None
    assert (refreshed.name, refreshed.username, refreshed.active) == ("Awake", None, False)


def test_display_name_is_exported_with_the_services() -> None:
    assert svc.display_name(5, " Ada ", "King", "ada") == "Ada King"
    assert svc.display_name(5, "", None, "@ada") == "ada"
    assert svc.display_name(5, "", None, None) == "user 5"


def test_community_user_is_unique_and_init_is_idempotent(world: World) -> None:
    first = svc.ensure_community_user(world.uow, RULES)
    again = svc.ensure_community_user(world.uow, RULES)
    assert first == again
    assert (first.tid, first.username, first.name) == (None, None, "Community")
    assert svc.get_community_user(world.uow).id == first.id


@pytest.mark.cluster
def test_concurrent_inits_create_one_community_user(uow: UnitOfWork) -> None:
    barrier = threading.Barrier(8, timeout=30)
    errors: list[BaseException] = []

    def init() -> None:
        try:
            barrier.wait()
            svc.ensure_community_user(uow, RULES)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=init) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    nulls = uow.read(
        lambda s: s.scalar(select(func.count()).select_from(User).where(User.tid.is_(None)))
    )
    assert nulls == 1


def test_no_community_user_before_init(uow: UnitOfWork) -> None:
    with pytest.raises(ConfigurationError):
        svc.get_community_user(uow)


@pytest.mark.cluster
def test_concurrent_first_contacts_create_one_row(uow: UnitOfWork) -> None:
    barrier = threading.Barrier(8, timeout=30)
    results: list[int] = []

    def register() -> None:
        barrier.wait()
        results.append(_register(uow, 77, "Racer").id)

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert len(results) == 8


def test_lookups(world: World) -> None:
    ada = world.user("Ada")
    assert svc.find_user(world.uow, tid=ada.tid) == ada
    assert svc.find_user(world.uow, tid=TelegramId(1)) is None
    assert svc.get_user_by_tid(world.uow, tid=ada.tid).id == ada.id
    assert svc.get_user(world.uow, user=ada.id).id == ada.id
    with pytest.raises(UnknownUser):
        svc.get_user_by_tid(world.uow, tid=TelegramId(1))
    with pytest.raises(UnknownUser):
        svc.get_user(world.uow, user=UserId(123_456))


def test_lookups_by_username(world: World) -> None:
    ada = world.user("Ada")
    world.uow.run(
        lambda s: user_broker.update_profile(s, user_id=ada.id, name="Ada", username="Ad")
    )
    ada = svc.get_user_by_tid(world.uow, tid=ada.tid)
    for named in ("@ad", "AD", " @Ad "):
        assert svc.get_user(world.uow, user=named) == ada
    for unknown in ("@nobody", "@", " "):
        with pytest.raises(UnknownUser):
            svc.get_user(world.uow, user=unknown)
    for name in ("Bob", "Cy"):  # a username shared by two rows (written by other software)
        user = world.user(name)
        world.uow.run(
            lambda s, u=user: user_broker.update_profile(
                s, user_id=u.id, name=u.name, username="twin"
            )
        )
    with pytest.raises(AmbiguousUsername):
        svc.get_user(world.uow, user="@Twin")
    listed = svc.list_users(world.uow)
    assert [u.id for u in listed] == sorted(u.id for u in listed)
    assert ada.id in {u.id for u in listed}


def test_make_internal_and_external(world: World) -> None:
    guest = world.user("Guest", internal=False)
    assert svc.make_internal(world.uow, user=guest.id).external is False
    world.user("Voter", permission=True)
    made = svc.make_external(world.uow, user="@voter")
    assert (made.external, made.voucher, made.permission) == (True, None, False)


def test_vote_permission(world: World) -> None:
    ada = world.user("Ada")
    assert svc.set_vote_permission(world.uow, user=ada.id, allowed=True).permission is True
    assert svc.set_vote_permission(world.uow, user=ada.id, allowed=False).permission is False


Refusal = Callable[[World], Callable[[], object]]


def _internal_again(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: svc.make_internal(w.uow, user=a.id)


def _external_again(w: World) -> Callable[[], object]:
    g = w.user("Guest", internal=False)
    return lambda: svc.make_external(w.uow, user=g.id)


def _external_while_vouching(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    w.user("Guest", internal=False, voucher=v)
    return lambda: svc.make_external(w.uow, user=v.id)


def _community_external(w: World) -> Callable[[], object]:
    c = w.community()
    return lambda: svc.make_external(w.uow, user=c.id)


def _community_deactivated(w: World) -> Callable[[], object]:
    c = w.community()
    return lambda: svc.set_active(w.uow, user=c.id, active=False, key=new_key())


def _grant_inactive(w: World) -> Callable[[], object]:
    a = w.user("Ada", active=False)
    return lambda: svc.set_vote_permission(w.uow, user=a.id, allowed=True)


def _grant_external(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    g = w.user("Guest", internal=False, voucher=v)
    return lambda: svc.set_vote_permission(w.uow, user=g.id, allowed=True)


def _unknown(w: World) -> Callable[[], object]:
    return lambda: svc.set_active(w.uow, user="@ghost", active=False, key=new_key())


REFUSALS: list[tuple[Refusal, type[Exception]]] = [
    (_internal_again, NotExternal),
    (_external_again, AlreadyExternal),
    (_external_while_vouching, StillVouching),
    (_community_external, CommunityUserNotAllowed),
    (_community_deactivated, CommunityUserNotAllowed),
    (_grant_inactive, InactiveUser),
    (_grant_external, ExternalNotAllowed),
    (_unknown, UnknownUser),
]


@pytest.mark.parametrize(
    ("refusal", "error"), REFUSALS, ids=[r.__name__.strip("_") for r, _ in REFUSALS]
)
def test_admin_refusals_change_nothing(
    world: World, snapshot: Callable[[], Snapshot], refusal: Refusal, error: type[Exception]
) -> None:
    assert_refused(snapshot, refusal(world), error)


def test_deactivating_a_voucher_settles_every_vouchee(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    voucher = world.user("Voucher", balance=1000)
    debtor = world.user("Debtor", internal=False, voucher=voucher, balance=-700)
    creditor = world.user("Creditor", internal=False, voucher=voucher, balance=300)
    even = world.user("Even", internal=False, voucher=voucher)
    key = new_key()
    receipt = svc.set_active(world.uow, user=voucher.id, active=False, key=key)
    assert receipt.user.active is False
    assert {(s.external.id, s.settled) for s in receipt.settlements} == {
        (debtor.id, -700),
        (creditor.id, 300),
        (even.id, 0),
    }
    assert [world.balance(u) for u in (debtor, creditor, even)] == [0, 0, 0]
    assert world.balance(voucher) == 1000 - 700 + 300
    assert all(world.get(u).voucher is None for u in (debtor, creditor, even))
    reasons = world.uow.read(
        lambda s: list(
            s.scalars(select(Transaction.reason).where(Transaction.reason.like("vouch: %")))
        )
    )
    assert len(reasons) == 2
    replay = svc.set_active(world.uow, user=voucher.id, active=False, key=key)
    assert (replay.replayed, replay.settlements) == (True, ())
    assert_refused(
        snapshot,
        lambda: svc.set_active(world.uow, user=voucher.id, active=True, key=key),
        IdempotencyKeyConflict,
    )


def test_deactivated_user_reads_but_cannot_write(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    ada = world.user("Ada", balance=100)
    bob = world.user("Bob")
    svc.set_active(world.uow, user=ada.id, active=False, key=new_key())
    assert svc.balance(world.uow, tid=ada.tid) == 100
    assert svc.history(world.uow, tid=ada.tid).total == 1
    assert_refused(
        snapshot,
        lambda: svc.send(
            world.uow,
            world.rules,
            sender=ada.id,
            receiver=bob.id,
            amount=1,
            reason=None,
            key=new_key(),
        ),
        InactiveUser,
    )
    assert svc.set_active(world.uow, user=ada.id, active=True, key=new_key()).user.active
