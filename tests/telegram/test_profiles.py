"""The profiles the bot stored recently: an unchanged sender needs no refresh, for a while."""

from __future__ import annotations

from communitybot.telegram._pending import StoredProfiles


class Clock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_stored_profile_is_current_until_it_changes_or_ages() -> None:
    clock = Clock()
    profiles = StoredProfiles(max_age=60, clock=clock)
    alice = ("Alice", "Liddell", "alice")
    assert profiles.user_id(1, alice) is None
    profiles.stored(1, alice, 7)
    assert profiles.user_id(1, alice) == 7
    assert profiles.user_id(1, ("Alice", None, "alice")) is None  # renamed: refresh
    assert profiles.user_id(1, ("Alice", "Liddell", None)) is None  # username dropped
    assert profiles.user_id(2, alice) is None  # someone else with the same profile
    clock.now += 59.9
    assert profiles.user_id(1, alice) == 7
    clock.now += 0.1
    assert profiles.user_id(1, alice) is None  # refreshed again now and then


def test_at_most_capacity_profiles_are_kept_the_least_recent_go_first() -> None:
    profiles = StoredProfiles(capacity=2)
    for tid in (1, 2, 3):
        profiles.stored(tid, (f"U{tid}", None, None), tid * 10)
    assert profiles.user_id(1, ("U1", None, None)) is None
    assert profiles.user_id(2, ("U2", None, None)) == 20
    assert profiles.user_id(3, ("U3", None, None)) == 30
    profiles.stored(2, ("U2", None, None), 20)  # stored again: the most recent
    profiles.stored(4, ("U4", None, None), 40)
    assert profiles.user_id(3, ("U3", None, None)) is None
    assert profiles.user_id(2, ("U2", None, None)) == 20


def test_an_aged_profile_is_dropped_when_the_next_one_is_stored() -> None:
    clock = Clock()
    profiles = StoredProfiles(max_age=60, clock=clock)
    for tid in (1, 2):
        profiles.stored(tid, (f"U{tid}", None, None), tid * 10)
    clock.now += 30
    profiles.stored(3, ("U3", None, None), 30)
    assert len(profiles) == 3
    clock.now += 30  # 1 and 2 aged out; 3 has 30 s left
    profiles.stored(4, ("U4", None, None), 40)
    assert len(profiles) == 2
    assert profiles.user_id(3, ("U3", None, None)) == 30
    assert profiles.user_id(4, ("U4", None, None)) == 40
    assert profiles.user_id(1, ("U1", None, None)) is None
