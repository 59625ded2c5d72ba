"""The callback_data codec: compact, bounded, and refusing everything it did not produce."""

from __future__ import annotations

import pytest

from communitybot.telegram._callbacks import (
    MAX_CALLBACK_BYTES,
    Action,
    BadCallback,
    Callback,
    decode,
    encode,
)


@pytest.mark.parametrize(
    ("action", "args", "wire"),
    [
        (Action.APPROVE, (17,), "pa:17"),
        (Action.ACCEPT, (2_147_483_647,), "ca:2147483647"),
        (Action.CONFIRM_SEND, ("Xk3_9aQe",), "sy:Xk3_9aQe"),
        (Action.HISTORY_PAGE, (0, 10), "hp:0:10"),
    ],
)
def test_round_trip(action: Action, args: tuple[int | str, ...], wire: str) -> None:
    assert encode(action, *args) == wire
    assert decode(wire) == Callback(action, args)


def test_every_action_fits_telegrams_limit_with_the_largest_ids() -> None:
    for action in Action:
        args = tuple("A" * 16 if kind == "token" else 9_999_999_999 for kind in action.shape)
        assert len(encode(action, *args).encode()) <= MAX_CALLBACK_BYTES


@pytest.mark.parametrize(
    "forged",
    [
        None,
        "",
        "pa",
        "pa:",
        "pa:0",
        "pa:-1",
        "pa:01",
        "pa:1:2",
        "pa:1.5",
        "pa:12345678901",
        "zz:1",
        "sy:short",
        "sy:has space1",
        "sy:" + "A" * 17,
        "hp:1",
        "pa:1;DROP TABLE users",
        "x" * 65,
        "pa:١٢",
    ],
)
def test_forged_data_is_refused(forged: str | None) -> None:
    with pytest.raises(BadCallback):
        decode(forged)


def test_encoding_refuses_wrong_shapes() -> None:
    with pytest.raises(ValueError, match="argument"):
        encode(Action.APPROVE)
    with pytest.raises(ValueError, match="bad number"):
        encode(Action.APPROVE, "12")
    with pytest.raises(ValueError, match="bad token"):
        encode(Action.CONFIRM_SEND, 12)
    with pytest.raises(ValueError, match="bad number"):
        encode(Action.APPROVE, True)


def test_accessors_check_the_argument_kind() -> None:
    assert decode("pa:5").number == 5
    assert decode("sy:abcdef").token == "abcdef"
    with pytest.raises(BadCallback):
        _ = decode("pa:5").token
    with pytest.raises(BadCallback):
        _ = decode("sy:abcdef").number
