"""The communism split: exact sums, shares within one cent, the documented leftover order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communitybot.core.splits import split_amount


def test_even_split() -> None:
    split = split_amount(900, ["a", "b", "c"])
    assert split.shares == (("a", 300), ("b", 300), ("c", 300))
    assert split.external_shares == ()


def test_leftover_goes_to_the_creator_first_then_join_order_then_externals() -> None:
    split = split_amount(1000, ["creator", "x", "y"], externals=4)  # 7 heads, 142 r 6
    assert split.shares == (("creator", 143), ("x", 143), ("y", 143))
    assert split.external_shares == (143, 143, 143, 142)
    assert split.total == 1000


def test_single_leftover_cent_is_the_creators() -> None:
    split = split_amount(1001, ["creator", "x"], externals=2)
    assert split.share_of("creator") == 251
    assert split.share_of("x") == 250
    assert split.external_shares == (250, 250)


def test_externals_only() -> None:
    assert split_amount(5, [], externals=2).external_shares == (3, 2)


def test_share_of_unknown_participant() -> None:
    with pytest.raises(KeyError):
        split_amount(10, ["a"]).share_of("b")


@pytest.mark.parametrize(
    ("amount", "participants", "externals"),
    [(-1, ["a"], 0), (10, [], 0), (10, ["a", "a"], 0), (10, ["a"], -1)],
)
def test_programming_errors(amount: int, participants: list[str], externals: int) -> None:
    with pytest.raises(ValueError):
        split_amount(amount, participants, externals)


@given(
    amount=st.integers(min_value=0, max_value=8_388_607),
    people=st.integers(min_value=1, max_value=60),
    externals=st.integers(min_value=0, max_value=60),
)
def test_sum_exact_and_fair(amount: int, people: int, externals: int) -> None:
    participants = list(range(people))
    split = split_amount(amount, participants, externals)
    everything = [cents for _, cents in split.shares] + list(split.external_shares)
    assert sum(everything) == amount
    assert max(everything) - min(everything) <= 1
    assert everything == sorted(everything, reverse=True)  # extra cents come first in order
    assert [who for who, _ in split.shares] == participants
    assert len(split.external_shares) == externals


def test_deterministic() -> None:
    assert split_amount(777, ["a", "b", "c"], 2) == split_amount(777, ["a", "b", "c"], 2)
