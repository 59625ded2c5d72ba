"""Hostile updates through the real bot and the fake Bot API: nothing changes, answers are right.

A property test. A small community is set up through the bot itself (members, a guest without a
voucher, a person who never registered, an open payment request, an open and a closed communism,
two /send summaries waiting for Confirm, a paged history). Then hypothesis sends updates that must
change nothing: malformed commands (Unicode and superscript digits, invisible and direction
characters, huge numbers and strings, HTML and Markdown), commands a rule refuses, commands for
other bots, messages without a sender, channel posts, anonymous admins, channel identities and
Telegram's service account, edited and forwarded messages, stickers, forged, truncated and
oversized callback data, presses by people who may not press and on unknown messages, and replays
of updates that were handled already.

For every update it asserts that

* no row of any table changed (the ``ON UPDATE`` timestamps aside),
* no message of the bot changed (a press may change only the message it belongs to, and only as
  its owner's press would; the one exception is an unknown /send token pressed by the owner of a
  /send summary, which may take that summary's buttons away, as for an expired one),
* the bot sent exactly one message where one is owed (one of its commands anywhere, an unknown
  command or plain text in a private chat), none where none is wanted (a command for another bot
  in a group, plain talk in a group, a replay), at most one elsewhere (where the answer is a
  choice, as a hint to a stand-in account), and Telegram refused none of them,
* every press was answered exactly once with ``answerCallbackQuery`` and sent no message,
* nothing was logged at ERROR, and no traceback at all.

The generator only draws updates that must change nothing for the seeded community; which
presses would act (a member joining, the creator accepting) is listed in :class:`Community`.
Examples are derandomized and bounded; each starts from the seeded rows.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from communitybot.devtools import SimChat, SimUser, StoredMessage
from communitybot.devtools._session import Exchange, Session
from communitybot.telegram.handlers import BASE_COMMANDS
from tests.support.hostile import (
    ANONYMOUS_ADMIN,
    BAD_AMOUNTS,
    BAD_COUNTS,
    BAD_VERBS,
    CHANNEL_BOT,
    FORMAT_CHARS,
    LONG_PIECES,
    OTHER_BOTS,
    PIECES,
    SAFE_WORDS,
    SERVICE_ACCOUNT,
    SPACES,
    STICKER,
    UNKNOWN_USERNAMES,
    VALID_AMOUNTS,
    Expect,
    Rows,
    command_kind,
    first,
    fit,
    forward_origin,
    full_rows,
    message_object,
    restore,
    row_changes,
    rows,
    visible,
)
from tests.telegram.conftest import RULES, World

PEOPLE = ("alice", "bob", "carol", "dave", "eve")
"""Alice, Bob and Carol are members (Bob and Carol may vote), Dave is a guest without a voucher,
Eve never registered."""

CONSUMABLES = tuple(c.name for c in RULES.consumables)
KNOWN_COMMANDS = (*BASE_COMMANDS, *CONSUMABLES)
READ_COMMANDS = ("help", "balance", "history", "data", "zwegat", "blame", "top")

MAX_EXAMPLES = 120
"""About 30 to 60 seconds on a busy two-core machine."""

HOSTILE_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=timedelta(seconds=20),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    print_blob=False,
)


# --- the seeded community -----------------------------------------------------------------


@dataclass
class Community:
    """What was set up before the hostile updates, and which presses would legitimately act."""

    world: World
    people: dict[str, SimUser]
    channel: SimChat
    bot_messages: dict[str, StoredMessage]
    """The bot's messages by name: pay, communism, closed, send, send_private, history, and
    ``answer_<person>`` (its answer in that person's private chat)."""
    own_messages: dict[str, list[StoredMessage]]
    """Per person, what they wrote themselves (group and private), to edit and reply to."""
    hello: dict[str, StoredMessage]
    """Per person, a plain "hello" in the group."""
    genuine_data: tuple[str, ...]
    """The callback data of every button the bot showed (the closed communism's included)."""
    legit: frozenset[tuple[str, str]]
    """(person, data) presses that act: voting, joining, leaving, accepting, cancelling,
    confirming, aborting."""
    tokens: tuple[str, str]
    updates: dict[str, int] = field(default_factory=dict)
    """The update ids of the seeding, to replay."""
    baseline: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    baseline_rows: Rows = field(default_factory=dict)

    @property
    def session(self) -> Session:
        return self.world.session

    @property
    def group(self) -> SimChat:
        return self.world.group

    @property
    def bot_username(self) -> str:
        return self.session.api.bot.username or ""

    def private(self, who: str) -> SimChat:
        return self.world.private(self.people[who])

    def chat(self, who: str, where: str) -> SimChat:
        return self.group if where == "group" else self.private(who)

    def is_legit_press(self, who: str, data: str, target: str) -> bool:
        """Whether the press would act: then it is no hostile update."""
        if (who, data) in self.legit:
            return True
        page = re.fullmatch(r"hp:(\d+):(\d+)", data)
        return bool(page and who == "alice" and target == "history" and 1 <= int(page[2]) <= 100)


def seed(world: World, engine: Engine) -> Community:
    """Set the community up through the bot, as people would."""
    session = world.session
    people = {name: getattr(world, name) for name in PEOPLE}
    alice, bob, carol, dave = (people[name] for name in PEOPLE[:4])
    group = world.group
    updates: dict[str, int] = {}
    own: dict[str, list[StoredMessage]] = {name: [] for name in PEOPLE}
    bot_messages: dict[str, StoredMessage] = {}

    def say(name: str, who: str, chat: SimChat, text: str) -> Exchange:
        exchange = session.say(people[who], chat, text)
        assert exchange.sent, f"no answer to {text!r} of {who} while seeding"
        assert exchange.message is not None
        updates[name] = exchange.update_id
        own[who].append(exchange.message)
        return exchange

    for who in ("alice", "bob", "carol"):
        say(f"start_{who}", who, group, "/start")
    bot_messages["answer_dave"] = say("start_dave", "dave", world.private(dave), "/start").last
    for who in ("alice", "bob", "carol", "eve"):
        answer = say(f"help_{who}", who, world.private(people[who]), "/help").last
        bot_messages[f"answer_{who}"] = answer
    world.grant_vote(bob, carol)
    say("drink", "alice", group, "/drink")
    say("water", "alice", group, "/water 2")

    pay = say("pay", "alice", group, "/pay 18 cleaning supplies").last
    communism = say("communism", "bob", group, "/communism 40 pizza").last
    join = session.press(carol, communism, _button(communism, "cj:"))
    updates["join"] = join.update_id
    closed = say("closed", "carol", group, "/communism 10 old bill").last
    closed_data = [b.callback_data or "" for b in closed.buttons]
    cancel = session.press(carol, closed, _button(closed, "cx:"))
    updates["cancel"] = cancel.update_id
    send = say("send", "alice", group, "/send 3 @bob beer").last
    send_private = say("send_private", "alice", world.private(alice), "/send 2 @carol").last
    history = say("history", "alice", world.private(alice), "/history 1").last
    api = session.api
    bot_messages.update(
        pay=api.message(group.id, pay.message_id),
        communism=api.message(group.id, communism.message_id),
        closed=api.message(group.id, closed.message_id),
        send=send,
        send_private=send_private,
        history=history,
    )
    assert history.buttons, "the history page should offer older entries"
    assert not bot_messages["closed"].buttons

    hello: dict[str, StoredMessage] = {}
    for who in PEOPLE:
        exchange = session.say(people[who], group, "hello")
        assert exchange.message is not None
        assert not exchange.sent
        hello[who] = exchange.message
        own[who].append(exchange.message)

    p, c = _number(pay, "pa:"), _number(bot_messages["communism"], "cj:")
    t1, t2 = _token(send), _token(send_private)
    legit = {
        *((voter, f"{vote}:{p}") for voter in ("bob", "carol") for vote in ("pa", "pd")),
        ("alice", f"px:{p}"),
        ("alice", f"cx:{p}"),
        ("alice", f"cj:{c}"),
        ("carol", f"cl:{c}"),
        *(("bob", f"{code}:{c}") for code in ("ce", "ca", "cx", "px")),
        *(("alice", f"{code}:{token}") for code in ("sy", "sn") for token in (t1, t2)),
    }
    genuine = {
        b.callback_data or ""
        for m in (pay, bot_messages["communism"], send, send_private, history)
        for b in m.buttons
    } | set(closed_data)
    community = Community(
        world=world,
        people=people,
        channel=api.add_group("Hackspace News", kind="channel"),
        bot_messages=bot_messages,
        own_messages=own,
        hello=hello,
        genuine_data=tuple(sorted(genuine)),
        legit=frozenset(legit),
        tokens=(t1, t2),
        updates=updates,
    )
    community.baseline = full_rows(engine)
    community.baseline_rows = rows(engine)
    return community


def _button(message: StoredMessage, prefix: str) -> int:
    return int(first(message.buttons, lambda b: (b.callback_data or "").startswith(prefix)).index)


def _number(message: StoredMessage, prefix: str) -> int:
    data = first(message.buttons, lambda b: (b.callback_data or "").startswith(prefix))
    return int(str(data.callback_data).split(":")[1])


def _token(message: StoredMessage) -> str:
    data = first(message.buttons, lambda b: (b.callback_data or "").startswith("sy:"))
    return str(data.callback_data).split(":")[1]


# --- steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Say:
    """A person writes ``text`` in the group or in their private chat with the bot."""

    who: str
    where: str
    text: str
    reply_to: str | None = None
    mention: str | None = None


@dataclass(frozen=True)
class Edit:
    """A person edits one of their earlier messages (``index`` into what they wrote)."""

    who: str
    index: int
    text: str


@dataclass(frozen=True)
class Post:
    """A hand-built message: stand-in senders, channel posts, no sender, forwards, stickers."""

    kind: str
    text: str | None
    who: str = "alice"
    where: str = "group"
    origin: str = "user"


@dataclass(frozen=True)
class Press:
    """A person presses (or forges) a button with ``data`` on a message."""

    who: str
    target: str
    data: str


@dataclass(frozen=True)
class Replay:
    """Telegram delivers a seeded update again (``name``) or the one before (``None``)."""

    name: str | None = None


Step = Say | Edit | Post | Press | Replay
Example = list[tuple[Step, bool]]
"""One or two steps, each maybe followed by its replay."""


def unfold(example: Example) -> list[Step]:
    """The steps of an example, with the replays it asks for."""
    return [s for step, again in example for s in ((step, Replay()) if again else (step,))]


# --- generating texts ---------------------------------------------------------------------

spaces = st.sampled_from(SPACES)
words = st.one_of(
    st.sampled_from(PIECES), st.text(min_size=1, max_size=12), st.sampled_from(LONG_PIECES)
)


@st.composite
def free_text(draw: st.DrawFn, min_words: int = 0) -> str:
    """Hostile words separated by whitespace."""
    chosen = draw(st.lists(words, min_size=min_words, max_size=4))
    text = ""
    for word in chosen:
        text += (draw(spaces) if text else "") + word
    return text


@st.composite
def optional(draw: st.DrawFn, strategy: st.SearchStrategy[str]) -> str:
    """Nothing, or whitespace and what ``strategy`` draws."""
    return draw(spaces) + draw(strategy) if draw(st.booleans()) else ""


def command(name: str, bot: str) -> st.SearchStrategy[str]:
    """``/name`` in some spelling, sometimes addressed to this bot."""
    return st.builds(
        lambda spelled, suffix: f"/{spelled}{suffix}",
        st.sampled_from((name, name.upper(), name.capitalize())),
        st.sampled_from(("", f"@{bot}", f"@{bot.upper()}")),
    )


def pick(choices: list[st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of ``choices``, each as likely (``st.one_of`` of nested, unequal branches drew some
    of them very rarely)."""
    return st.integers(0, len(choices) - 1).flatmap(lambda index: choices[index])


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The parts drawn in order and concatenated."""
    return st.tuples(*parts).map("".join)


def then(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Whitespace, then ``strategy``."""
    return joined(spaces, strategy)


safe_reason = joined(st.sampled_from(SAFE_WORDS), optional(free_text()))
"""A reason whose first word names nobody and is no amount."""

invisible = st.text(st.sampled_from(FORMAT_CHARS), min_size=1, max_size=8)


def _not_a_consumable(text: str) -> bool:
    head = text.split()
    return not head or visible(head[0]).casefold() not in CONSUMABLES


def _not_a_verb(text: str) -> bool:
    head = text.split()
    return not head or visible(head[0]).casefold() not in ("add", "remove")


def _plain(bot: str) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        if (
            not text.strip()
            or command_kind(text, known=KNOWN_COMMANDS, bot_username=bot) != "plain"
        ):
            return False
        seen = visible(text)
        # Invisible characters in front of a command: not a command to Telegram, but a bot that
        # normalises text might take it for one. Such texts are left out.
        return command_kind(seen, known=KNOWN_COMMANDS, bot_username=bot) == "plain"

    return check


TextAndTarget = tuple[str, str | None, str | None]


def texts_for(community: Community, who: str, where: str) -> st.SearchStrategy[TextAndTarget]:
    """Commands of ``who`` in ``where`` that must be refused, or that only read."""
    bot = community.bot_username
    member = who in ("alice", "bob", "carol")
    own_username = f"@{community.people[who].username}" if community.people[who].username else "@x"
    # Alone, /pay and /communism show one's open collective again (recorded): not for its creator.
    bare_reads = ["consume", "vouch"] + (
        ["pay", "communism"] if who not in ("alice", "bob") else []
    )
    reply_targets = _reply_targets(community, who, where)

    def plain_text(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[TextAndTarget]:
        return strategy.map(lambda text: (text, None, None))

    def replying(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[TextAndTarget]:
        return st.tuples(strategy, st.sampled_from(reply_targets), st.none())

    bad_amount = st.sampled_from(BAD_AMOUNTS)
    valid_amount = st.sampled_from(VALID_AMOUNTS)
    bare_number = st.sampled_from(("5", "1,50", "0.01", "2.5"))
    pay_or_communism = st.sampled_from(("pay", "communism")).flatmap(lambda n: command(n, bot))
    consumable = st.sampled_from(CONSUMABLES)

    templates: list[st.SearchStrategy[TextAndTarget]] = [
        # reading, with any arguments
        plain_text(
            joined(
                st.sampled_from(READ_COMMANDS).flatmap(lambda n: command(n, bot)),
                optional(free_text(1)),
            )
        ),
        plain_text(st.sampled_from(bare_reads).flatmap(lambda n: command(n, bot))),
        # /send with an amount nobody accepts
        plain_text(
            joined(
                command("send", bot),
                then(bad_amount),
                optional(
                    st.one_of(
                        st.sampled_from(("@bob", "@bob beer", "@alice", "EUR @bob", "€ @carol x")),
                        free_text(1),
                    )
                ),
            )
        ),
        # /send to nobody, to the bot, to oneself
        plain_text(
            joined(
                command("send", bot),
                then(valid_amount),
                optional(st.sampled_from((*UNKNOWN_USERNAMES, f"@{bot}", own_username))),
                optional(safe_reason),
            )
        ),
        # /send as a reply to the bot, to oneself, to someone who never registered
        replying(joined(command("send", bot), then(valid_amount), optional(safe_reason))),
        # /send to a person picked without a username, who never registered
        st.tuples(
            joined(
                command("send", bot),
                then(valid_amount),
                then(st.just("Eve")),
                optional(safe_reason),
            ),
            st.none(),
            st.just("eve"),
        ),
        # /pay and /communism with an amount nobody accepts
        plain_text(joined(pay_or_communism, then(bad_amount), optional(free_text(1)))),
        # ... with nothing a person would see as a description
        plain_text(
            joined(
                pay_or_communism,
                then(valid_amount),
                optional(st.one_of(invisible, joined(invisible, spaces, invisible))),
            )
        ),
        plain_text(
            joined(
                pay_or_communism,
                then(bare_number),
                then(st.sampled_from(("EUR", "€", "eur", "Euro", "euros"))),
                optional(invisible),
            )
        ),
        # consumables: counts outside 1-10 in ASCII digits, unknown names
        plain_text(
            joined(
                st.one_of(
                    consumable.flatmap(lambda n: command(n, bot)),
                    joined(command("consume", bot), then(consumable)),
                ),
                then(st.sampled_from(BAD_COUNTS)),
                optional(free_text(1)),
            )
        ),
        plain_text(
            joined(
                command("consume", bot),
                then(
                    st.one_of(
                        st.sampled_from(
                            (
                                "beer",
                                "mate",
                                "drinks",
                                "wasser",
                                "💧",
                                "<b>drink</b>",
                                "Drink²",
                                "drink_",
                            )
                        ),
                        st.text(min_size=1, max_size=10),
                    ).filter(_not_a_consumable)
                ),
                optional(st.sampled_from(("1", "2", *BAD_COUNTS))),
            )
        ),
        # /vouch with a verb that is neither add nor remove
        plain_text(
            joined(
                command("vouch", bot),
                then(st.one_of(st.sampled_from(BAD_VERBS), free_text(1)).filter(_not_a_verb)),
                optional(st.just("@dave")),
            )
        ),
        # commands this bot does not have
        plain_text(
            joined(
                st.one_of(
                    st.sampled_from(("foo", "sendmoney", "give", "drinks", "start_", "helpme")),
                    st.from_regex(r"[a-zA-Z0-9_]{1,32}", fullmatch=True),
                )
                .filter(lambda n: n.lower() not in KNOWN_COMMANDS)
                .map(lambda n: f"/{n}"),
                st.sampled_from(("", f"@{bot}")),
                optional(free_text(1)),
            )
        ),
        # commands for other bots, valid ones included
        plain_text(
            joined(
                st.sampled_from(KNOWN_COMMANDS).map(lambda n: f"/{n}"),
                st.sampled_from(OTHER_BOTS).map(lambda b: f"@{b}"),
                optional(
                    st.one_of(
                        st.sampled_from(("5 @bob", "18 supplies", "add @dave", "2")), free_text(1)
                    )
                ),
            )
        ),
        # plain text
        plain_text(free_text(1).filter(_plain(bot))),
    ]
    if member:
        vouch_add = st.sampled_from(
            (*UNKNOWN_USERNAMES, f"@{bot}", "@alice", "@bob", "@carol", "@eve", own_username)
        )
        vouch_remove = st.sampled_from(("@dave", "@bob", "@nobody_here", "@alice", own_username))
        templates += [
            plain_text(
                st.one_of(
                    joined(
                        command("vouch", bot),
                        then(st.sampled_from(("add", "ADD"))),
                        optional(vouch_add),
                    ),
                    joined(
                        command("vouch", bot),
                        then(st.sampled_from(("remove", "Remove"))),
                        optional(vouch_remove),
                    ),
                )
            ),
            replying(joined(command("vouch", bot), then(st.sampled_from(("add", "remove"))))),
        ]
    else:
        # Dave may not move money without a voucher; Eve never registered.
        templates += [
            plain_text(
                joined(
                    command("send", bot),
                    then(valid_amount),
                    then(st.sampled_from(("@bob", "@alice", "@carol"))),
                    optional(safe_reason),
                )
            ),
            replying(joined(command("send", bot), then(valid_amount), optional(safe_reason))),
            plain_text(joined(pay_or_communism, then(valid_amount), then(safe_reason))),
            plain_text(
                st.sampled_from(
                    (
                        "/drink",
                        "/water 2",
                        "/consume pizza",
                        "/consume ice 3",
                        "/DRINK",
                        "/vouch add @dave",
                    )
                )
                | st.sampled_from(("/vouch remove @dave", "/vouch add @bob", "/vouch add @alice"))
            ),
        ]
    return pick(templates).map(lambda t: (fit(t[0]), t[1], t[2]))


def _reply_targets(community: Community, who: str, where: str) -> list[str]:
    """Messages a refused /send or /vouch may reply to: the bot's, one's own, Eve's."""
    if where == "group":
        targets = ["pay", "send", "communism", f"hello_{who}", "hello_eve"]
        if who in ("dave", "eve"):
            targets.append("hello_bob")
        return targets
    return [f"answer_{who}", f"own_{who}"]


VALID_COMMAND_TEXTS = (
    "/start",
    "/start@communitybot_sandbox_bot",
    "/drink",
    "/drink 5",
    "/water@communitybot_sandbox_bot 2",
    "/consume pizza 2",
    "/pay 5 tape",
    "/pay 5.00 EUR tape",
    "/communism 12 pizza",
    "/send 1 @bob",
    "/send 2,50 @alice thanks",
    "/vouch add @dave",
    "/vouch remove @dave",
    "/balance",
    "/history",
    "/history csv",
    "/help",
    "/data",
    "/zwegat",
    "/top",
    "/blame",
)
"""Commands that would act when a member sent them directly."""


def steps(community: Community) -> st.SearchStrategy[Step]:
    """One hostile update."""
    says = pick(
        [
            texts_for(community, who, where).map(
                lambda t, who=who, where=where: Say(who, where, t[0], reply_to=t[1], mention=t[2])
            )
            for who in PEOPLE
            for where in ("group", "private")
        ]
    )
    text = pick([st.sampled_from(VALID_COMMAND_TEXTS), says.map(lambda say: say.text)])
    who = st.sampled_from(PEOPLE)
    edits = who.flatmap(
        lambda name: st.builds(
            Edit,
            st.just(name),
            st.integers(0, len(community.own_messages[name]) - 1),
            text,
        )
    )
    stand_ins = st.builds(
        Post,
        st.sampled_from(
            (
                "anonymous_admin",
                "channel_bot",
                "service_account",
                "channel_post",
                "edited_channel_post",
                "no_sender",
            )
        ),
        text,
    )
    forwards = st.builds(
        Post,
        st.just("forwarded"),
        text,
        who,
        st.sampled_from(("group", "private")),
        st.sampled_from(("user", "hidden_user", "chat", "channel")),
    )
    stickers = st.builds(
        Post, st.just("sticker"), st.none(), who, st.sampled_from(("group", "private"))
    )
    presses = presses_for(community)
    replays = st.builds(Replay, st.sampled_from(sorted(community.updates)))
    return pick([says, says, says, edits, stand_ins, forwards, stickers, presses, presses, replays])


def examples(community: Community) -> st.SearchStrategy[Example]:
    """One or two hostile updates, each maybe delivered twice."""
    return st.lists(st.tuples(steps(community), st.booleans()), min_size=1, max_size=2)


def presses_for(community: Community) -> st.SearchStrategy[Press]:
    """Presses that must change nothing: forged data, or a button its presser may not use."""
    t1, t2 = community.tokens
    genuine = community.genuine_data
    ids = sorted(
        {int(d.split(":")[1]) for d in genuine if re.fullmatch(r"c[a-z]:\d+|p[a-z]:\d+", d)}
    )
    collective_ids = st.sampled_from((*ids, 424_242, 2_147_483_647, 2_147_483_648, 9_999_999_999))
    codes = st.sampled_from(("pa", "pd", "px", "cj", "cl", "ce", "cm", "ca", "cx"))
    token = st.one_of(
        st.sampled_from((t1, t2)), st.from_regex(r"[A-Za-z0-9_-]{6,16}", fullmatch=True)
    )
    number = st.one_of(st.integers(0, 300), st.integers(0, 9_999_999_999))
    data = pick(
        [
            st.sampled_from(genuine),
            st.builds(lambda code, cid: f"{code}:{cid}", codes, collective_ids),
            st.builds(lambda code, tok: f"{code}:{tok}", st.sampled_from(("sy", "sn")), token),
            st.builds(lambda a, b: f"hp:{a}:{b}", number, number),
            st.sampled_from(genuine).flatmap(
                lambda d: st.integers(0, len(d) - 1).map(lambda n: d[:n])
            ),
            st.builds(
                lambda d, junk: d + junk, st.sampled_from(genuine), st.text(min_size=1, max_size=8)
            ),
            st.text(max_size=80),
            st.text(min_size=65, max_size=200),
            st.sampled_from(
                ("pa:01", "pa:-1", "pa:1:2", "pa:١", "pa:1.5", "zz:1", "sy:short", "hp:1", "x" * 65)
            ),
        ]
    )

    @st.composite
    def press(draw: st.DrawFn) -> Press:
        who = draw(st.sampled_from(PEOPLE))
        target = draw(st.sampled_from(_press_targets(who)))
        chosen = draw(data)
        if community.is_legit_press(who, chosen, target):
            # Acting presses are not hostile; fall back to data nobody produced.
            chosen = draw(st.sampled_from(("zz:1", "pa:01", "")))
        return Press(who, target, chosen)

    return press()


def _press_targets(who: str) -> list[str]:
    group = [
        "pay",
        "communism",
        "closed",
        "send",
        "hello_bob",
        f"hello_{who}",
        "unknown_group",
    ]
    private = [f"answer_{who}", "unknown_private", "inline"]
    if who == "alice":
        private += ["send_private", "history"]  # /history answers in the private chat
    return group + private


# --- running a step -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a step caused, with what the checks need to know about it."""

    exchange: Exchange
    expect: Expect
    chat_id: int | None = None
    query_id: str | None = None
    replay: bool = False


class Runner:
    """Sends steps to the bot, knows what each one owes, and checks that it got just that."""

    def __init__(
        self,
        community: Community,
        engine: Engine,
        records: Callable[[], list[logging.LogRecord]],
    ) -> None:
        self.community = community
        self.session = community.session
        self.api = community.session.api
        self.engine = engine
        self.records = records
        self._fabricated = 900_000
        self.previous: int | None = None
        self.rows = community.baseline_rows
        self.shown = shown(self.session)

    def begin(self) -> None:
        """Start an example from the seeded rows (an earlier, failing example changed them)."""
        if self.rows != self.community.baseline_rows:
            restore(self.engine, self.community.baseline)
            self.rows = rows(self.engine)

    def check(self, step: Step) -> None:
        """Send ``step`` and check every invariant (the rows before are the ones after the last
        step: nothing else writes meanwhile)."""
        before_rows, before_shown, mark = self.rows, self.shown, len(self.records())
        outcome = self.run(step)
        self.rows, self.shown = rows(self.engine), shown(self.session)
        check(
            self.community,
            step,
            outcome,
            before_rows,
            before_shown,
            self.rows,
            self.shown,
            self.records()[mark:],
        )

    def kind(self, text: str | None) -> str:
        return command_kind(text, known=KNOWN_COMMANDS, bot_username=self.community.bot_username)

    def run(self, step: Step) -> Outcome:
        outcome = self._run(step)
        self.previous = outcome.exchange.update_id
        return outcome

    def _run(self, step: Step) -> Outcome:
        c = self.community
        if isinstance(step, Say):
            user = c.people[step.who]
            chat = c.chat(step.who, step.where)
            reply_to = self._message(step.reply_to, step.who) if step.reply_to else None
            mention = c.people[step.mention] if step.mention else None
            exchange = self.session.say(user, chat, step.text, reply_to=reply_to, mention=mention)
            return Outcome(exchange, self._said(step.text, step.where), chat_id=chat.id)
        if isinstance(step, Edit):
            message = c.own_messages[step.who][step.index]
            exchange = self.session.edit(c.people[step.who], message, step.text)
            private = message.chat.type == "private"
            expect: Expect = "at_most_one" if private or "/" in step.text else "none"
            if self.kind(step.text) == "other_bot" and not private:
                expect = "none"
            return Outcome(exchange, expect)
        if isinstance(step, Post):
            return self._post(step)
        if isinstance(step, Press):
            return self._press(step)
        update_id = c.updates[step.name] if step.name is not None else self.previous
        assert update_id is not None
        return Outcome(self.session.replay(update_id), "none", replay=True)

    def _said(self, text: str, where: str) -> Expect:
        kind = self.kind(text)
        if where == "private":
            return "at_most_one" if kind == "other_bot" else "one"
        if kind == "ours":
            return "one"
        if kind == "unknown" or (kind == "plain" and "/" in text):
            return "at_most_one"
        return "none"

    def _post(self, step: Post) -> Outcome:
        c = self.community
        date = int(time.time())
        kind, text = step.kind, step.text
        quiet: Expect = (
            "none"
            if self.kind(text) == "other_bot"
            or (self.kind(text) == "plain" and "/" not in (text or ""))
            else "at_most_one"
        )
        if kind == "anonymous_admin":
            message = message_object(
                c.group, text=text, sender=ANONYMOUS_ADMIN, sender_chat=c.group
            )
            return Outcome(self.session.inject({"message": message}), quiet)
        if kind == "channel_bot":
            message = message_object(c.group, text=text, sender=CHANNEL_BOT, sender_chat=c.channel)
            return Outcome(self.session.inject({"message": message}), quiet)
        if kind == "service_account":
            message = message_object(
                c.group,
                text=text,
                sender=SERVICE_ACCOUNT,
                sender_chat=c.channel,
                forward_origin=forward_origin(
                    "channel", date=date, user=c.people["alice"], group=c.group, channel=c.channel
                ),
                automatic_forward=True,
            )
            return Outcome(self.session.inject({"message": message}), quiet)
        if kind in ("channel_post", "edited_channel_post"):
            message = message_object(c.channel, text=text, sender=None, sender_chat=c.channel)
            if kind == "edited_channel_post":
                message["edit_date"] = date
            return Outcome(self.session.inject({kind: message}), quiet)
        if kind == "no_sender":
            message = message_object(c.group, text=text, sender=None)
            return Outcome(self.session.inject({"message": message}), quiet)
        user = c.people[step.who]
        chat = c.chat(step.who, step.where)
        private = step.where == "private"
        if kind == "sticker":
            message = message_object(chat, text=None, sender=user.to_api(), extra=STICKER)
            expect: Expect = "at_most_one" if private else "none"
            return Outcome(self.session.inject({"message": message}), expect, chat_id=chat.id)
        origin = forward_origin(
            step.origin, date=date - 60, user=c.people["bob"], group=c.group, channel=c.channel
        )
        message = message_object(chat, text=text, sender=user.to_api(), forward_origin=origin)
        if private:
            expect = "at_most_one" if self.kind(text) == "other_bot" else "one"
        else:
            expect = "at_most_one" if "/" in (text or "") else "none"
        return Outcome(self.session.inject({"message": message}), expect, chat_id=chat.id)

    def _press(self, step: Press) -> Outcome:
        c = self.community
        user = c.people[step.who]
        if step.target == "inline":
            query_id = f"forged-{self._fabricated}"
            self._fabricated += 1
            query = {
                "id": query_id,
                "from": user.to_api(),
                "inline_message_id": "AgAAAInlineMessage",
                "chat_instance": "42",
                "data": step.data,
            }
            exchange = self.session.inject({"callback_query": query})
            return Outcome(exchange, "none", query_id=query_id)
        message = self._message(step.target, step.who)
        exchange = self.session.press_data(user, message, step.data)
        assert exchange.answer is not None
        return Outcome(
            exchange,
            "none",
            query_id=exchange.answer.id,
        )

    def _message(self, name: str, who: str) -> StoredMessage:
        c = self.community
        if name in ("unknown_group", "unknown_private"):
            self._fabricated += 1
            chat = c.group if name == "unknown_group" else c.private(who)
            return StoredMessage(
                chat=chat,
                message_id=self._fabricated,
                sender=self.api.bot,
                date=0,
                text="a message the bot does not know",
                reply_markup={"inline_keyboard": [[{"text": "x", "callback_data": "pa:1"}]]},
            )
        if name.startswith("hello_"):
            return c.hello[name.removeprefix("hello_")]
        if name.startswith("own_"):
            owner = name.removeprefix("own_")
            return first(c.own_messages[owner], lambda m: m.chat.type == "private")
        found = c.bot_messages[name]
        return self.api.message(found.chat.id, found.message_id)


# --- the checks -----------------------------------------------------------------------------

Shown = dict[tuple[int, int], tuple[str, str, bool]]


def shown(session: Session) -> Shown:
    """Every message of the bot as people see it now: text, buttons, deleted."""
    api = session.api
    return {
        (m.chat.id, m.message_id): (m.body, repr(m.reply_markup or None), m.deleted)
        for chat in api.chats()
        for m in api.messages(chat, include_deleted=True)
        if m.from_bot
    }


def may_change(community: Community, step: Step) -> tuple[int, int] | None:
    """The one message a hostile press may change: an unknown /send token pressed by the owner of
    a /send summary on that summary takes its buttons away, as for an expired one."""
    if not isinstance(step, Press) or step.who != "alice":
        return None
    if step.target not in ("send", "send_private") or not re.match(r"s[yn]:", step.data):
        return None
    message = community.bot_messages[step.target]
    return message.chat.id, message.message_id


def check(
    community: Community,
    step: Step,
    outcome: Outcome,
    before_rows: Rows,
    before_shown: Shown,
    after_rows: Rows,
    after_shown: Shown,
    logged: list[logging.LogRecord],
) -> None:
    """Every invariant of the module docstring, for one step."""
    changes = row_changes(before_rows, after_rows)
    assert not changes, f"{step} changed rows: {changes}"

    allowed = may_change(community, step)
    for key, old in before_shown.items():
        new = after_shown.get(key)
        if new == old:
            continue
        if key == allowed and new is not None and new[0] == old[0] and new[1] == "None":
            continue
        assert new == old, f"{step} changed the bot's message {key}: {old} -> {new}"

    exchange = outcome.exchange
    calls = exchange.calls
    refused = [
        (c.method, c.description)
        for c in calls
        if not c.ok
        and c.method.lower() in ("sendmessage", "senddocument", "answercallbackquery")
        and not (outcome.replay and c.method.lower() == "answercallbackquery")
    ]
    assert not refused, f"Telegram refused what the bot sent for {step}: {refused}"

    sent = exchange.sent
    if isinstance(step, Press):
        answers = [
            c
            for c in calls
            if c.ok
            and c.method.lower() == "answercallbackquery"
            and str(c.params.get("callback_query_id")) == outcome.query_id
        ]
        assert len(answers) == 1, f"{step} was answered {len(answers)} times"
        assert not sent, f"a press sent messages: {[m.body for m in sent]}"
    elif outcome.replay:
        answered = [c for c in calls if c.ok and c.method.lower() == "answercallbackquery"]
        assert not sent, f"the replay {step} was answered: {exchange.texts}"
        assert not answered, f"the replay {step} answered a press once more"
    elif outcome.expect == "one":
        assert len(sent) == 1, f"{step} got {len(sent)} answers, not one: {exchange.texts}"
        assert outcome.chat_id is None or sent[0].chat.id == outcome.chat_id
    elif outcome.expect == "at_most_one":
        assert len(sent) <= 1, f"{step} got {len(sent)} answers: {exchange.texts}"
    else:
        assert not sent, f"{step} should get no answer, got: {exchange.texts}"

    bad = [
        f"{r.name} {r.levelname}: {r.getMessage()[:300]}"
        for r in logged
        if r.name.startswith(("telegram", "communitybot"))
        and (r.levelno >= logging.ERROR or r.exc_info)
    ]
    assert not bad, f"{step} logged: {bad}"


def known_cases(community: Community) -> list[Example]:
    """Hostile updates that are always tried first: one for each kind of the issue's list."""
    t1, _ = community.tokens
    pay, communism = community.bot_messages["pay"], community.bot_messages["communism"]
    p, c = _number(pay, "pa:"), _number(communism, "cj:")
    x = int(first(community.genuine_data, lambda d: d.startswith("cx:") and d != f"cx:{c}")[3:])
    pay_command = first(
        range(len(community.own_messages["alice"])),
        lambda i: (community.own_messages["alice"][i].text or "").startswith("/pay"),
    )
    cases: list[Step] = [
        Say("alice", "group", "/history ²"),
        Say("alice", "private", "/history ²"),
        Say("alice", "group", "/drink ٥"),
        Say("alice", "group", "/water ５"),
        Say("alice", "group", "/drink 𝟓"),
        Say("alice", "private", "/consume pizza ²"),
        Say("carol", "group", "/pay 5 \u200b"),
        Say("carol", "group", "/communism 5 \u200e\u200f"),
        Say("carol", "group", "/pay 5.00 EUR"),
        Say("carol", "private", "/communism 5 €"),
        Say("alice", "group", "/send 1 x", reply_to="pay"),
        Say("alice", "group", "/send 99999999999999999999999999 @bob"),
        Say("alice", "group", "/balance nobody"),
        Say("alice", "group", "/top 3"),
        Say("alice", "group", '/help <b>x</b> & <a href="y"> *bold* _it_'),
        Say("alice", "group", "/send@otherbot 5 @bob"),
        Say("alice", "group", "/send 5 @" + "a" * 4000),
        Say("alice", "group", "/send 5 @<b>x</b> & more"),
        Say("alice", "group", "/consume " + "<i>" * 1300),
        Say("bob", "group", "/vouch add @" + "x" * 4000),
        Say("alice", "private", "/history " + "9" * 4000),
        Say("carol", "group", "/pay ² " + "€" * 4000),
        Say("bob", "private", "/foo"),
        Say("bob", "private", "hello"),
        Post("anonymous_admin", "/start"),
        Post("anonymous_admin", "/pay 5 tape"),
        Post("channel_bot", "/drink"),
        Post("service_account", "/start"),
        Post("channel_post", "/start"),
        Post("no_sender", "/drink"),
        Post("forwarded", "/drink", "alice", "group", "user"),
        Post("forwarded", "/send 1 @bob", "alice", "private", "hidden_user"),
        Post("sticker", None, "bob", "private"),
        Edit("alice", pay_command, "/pay 1800 supplies"),
        Press("carol", "communism", f"cx:{x}"),
        Press("bob", "send", "sy:AAAAAAAA"),
        Press("alice", "pay", "sn:AAAAAAAA"),
        Press("alice", "pay", "hp:0:5"),
        Press("alice", "send_private", "hp:0:5"),
        Press("bob", "send", f"sy:{t1}"),
        Press("bob", "communism", f"cm:{c}"),
        Press("dave", "pay", f"pa:{p}"),
        Press("eve", "communism", f"cj:{c}"),
        Press("alice", "unknown_group", f"pa:{p}"[:3]),
        Press("alice", "pay", "pa:" + "1" * 70),
        Press("bob", "inline", f"cj:{c}"),
        Press("alice", "history", "hp:0:0"),
        Replay("pay"),
        Replay("join"),
    ]
    return [[(case, isinstance(case, Say | Press))] for case in cases]


def test_hostile_updates_change_nothing_and_are_answered_once(
    world: World, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="telegram")
    caplog.set_level(logging.WARNING, logger="communitybot")
    community = seed(world, engine)
    runner = Runner(community, engine, lambda: caplog.records)

    def hostile(example: Example) -> None:
        runner.begin()
        for step in unfold(example):
            runner.check(step)

    test = given(examples(community))(hostile)
    for case in reversed(known_cases(community)):
        test = example(case)(test)
    HOSTILE_SETTINGS(test)()
