"""Forgetting a person and exporting what is stored, on the services."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.community import CASH_BOX_TID
from communitybot.core.errors import CannotForget, UnknownUser
from communitybot.core.ids import TelegramId
from communitybot.core.privacy import forgotten_tid, is_forgotten
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, new_key


def test_forgetting_is_idempotent_and_keeps_the_row(world: World) -> None:
    ada = world.user("Ada", permission=True)
    key = new_key()
    assert svc.forget_user(world.uow, tid=ada.tid, key=key) == ada.id
    assert svc.forget_user(world.uow, tid=ada.tid, key=key) == ada.id  # a replayed press
    forgotten = svc.get_user(world.uow, user=ada.id)
    assert is_forgotten(forgotten)
    assert (forgotten.name, forgotten.username, forgotten.active, forgotten.permission) == (
        f"Forgotten member #{ada.id}",
        None,
        False,
        False,
    )
    with pytest.raises(UnknownUser):
        svc.forget_user(world.uow, tid=ada.tid, key=new_key())
    log = svc.standing_log(world.uow)
    assert [(e.change, e.subject) for e in log][:1] == [("forget", f"user:{ada.id}")]


def test_the_community_user_and_owing_members_are_not_forgotten(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    community = world.community()
    assert community.tid is None
    ada = world.user("Ada", balance=-1)
    refused = assert_refused(
        snapshot, lambda: svc.forget_user(world.uow, tid=ada.tid, key=new_key()), CannotForget
    )
    assert (refused.reason, refused.balance) == ("balance", -1)
    assert_refused(
        snapshot,
        lambda: svc.forget_user(world.uow, tid=TelegramId(987654), key=new_key()),
        UnknownUser,
    )
    world.fund(ada, 1)


def test_personal_data_names_everything(world: World) -> None:
    ada = world.user("Ada")
    guest = world.user("Guest", internal=False, voucher=ada)
    data = svc.personal_data(world.uow, tid=ada.tid)
    assert data.data.user.id == ada.id
    assert [v.id for v in data.data.vouchees] == [guest.id]
    assert data.journal == ()
    assert data.roles == ()


def test_no_forgotten_member_takes_the_cash_box_tid() -> None:
    """The cash box is the row with tid -1; a forgotten member's stand-in is below it, distinct
    for every user id (the first user included)."""
    stand_ins = {forgotten_tid(user_id) for user_id in range(1, 1_000)}
    assert len(stand_ins) == 999
    assert max(stand_ins) < CASH_BOX_TID
