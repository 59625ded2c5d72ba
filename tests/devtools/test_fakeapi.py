"""The fake Bot API server, driven by a real python-telegram-bot over HTTP on 127.0.0.1."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    TypeHandler,
)

from communitybot.devtools import (
    BotCall,
    BotThread,
    EntityParseError,
    FakeBotApi,
    StoredMessage,
    UpdateTracker,
    detect_entities,
    parse_html,
)


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


def _echo_app(api: FakeBotApi, tracker: UpdateTracker) -> Application:  # type: ignore[type-arg]
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        assert update.effective_user is not None
        await update.effective_message.reply_html(
            f"<b>hi</b> {update.effective_user.first_name}",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Press", callback_data="x")]]),
        )

    async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_document(
            b"a,b\n1,2\n", filename="h.csv", caption="<i>yours</i>", parse_mode="HTML"
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("ok")
        await query.edit_message_text(f"pressed by {query.from_user.first_name}")

    async def commands(app: Application) -> None:  # type: ignore[type-arg]
        await app.bot.set_my_commands([("start", "Start"), ("doc", "A document")])

    app = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .concurrent_updates(tracker)
        .post_init(commands)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("doc", document))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


def test_a_real_application_polls_answers_and_edits(api: FakeBotApi) -> None:
    tracker = UpdateTracker(2)
    alice = api.add_user("Alice", username="alice")
    chat = api.private_chat(alice)
    with BotThread(_echo_app(api, tracker)):
        sent = api.send_text(alice, chat, "/start")
        tracker.wait_processed(sent.update_id)
        reply = api.bot_messages(chat)[-1]
        assert reply.text == "hi Alice"
        assert reply.entities == ({"type": "bold", "offset": 0, "length": 2},)
        assert reply.reply_to is None  # PTB quotes only in groups

        group = api.add_group("Space")
        in_group = api.send_text(alice, group, "/start")
        tracker.wait_processed(in_group.update_id)
        quoted = api.bot_messages(group)[-1].reply_to
        assert quoted is not None
        assert in_group.message is not None
        assert quoted.message_id == in_group.message.message_id

        press = api.press(alice, reply, "Press")
        tracker.wait_processed(press.update_id)
        assert api.message(chat.id, reply.message_id).text == "pressed by Alice"
        assert api.message(chat.id, reply.message_id).buttons == ()
        assert press.callback_query_id is not None
        answer = api.callback(press.callback_query_id)
        assert answer.answered
        assert answer.answer_text == "ok"

        doc = api.send_text(alice, chat, "/doc")
        tracker.wait_processed(doc.update_id)
        message = api.bot_messages(chat)[-1]
        assert message.document is not None
        assert message.caption == "yours"
        assert api.document(message.document.file_id).content == b"a,b\n1,2\n"

        assert api.commands() == [
            {"command": "start", "description": "Start"},
            {"command": "doc", "description": "A document"},
        ]
    assert api.failed_calls() == []


def test_a_replayed_update_is_delivered_again_with_the_same_id(api: FakeBotApi) -> None:
    tracker = UpdateTracker(1)
    alice = api.add_user("Alice")
    chat = api.private_chat(alice)
    with BotThread(_echo_app(api, tracker)):
        sent = api.send_text(alice, chat, "/start")
        tracker.wait_processed(sent.update_id)
        api.replay(sent.update_id)
        tracker.wait_processed(sent.update_id, times=2)
        later = api.send_text(alice, chat, "/start")
        tracker.wait_processed(later.update_id)
    assert tracker.processed(sent.update_id) == 2
    assert tracker.processed(later.update_id) == 1
    assert len(api.bot_messages(chat)) == 3


def test_the_server_is_as_strict_as_telegram(api: FakeBotApi) -> None:
    tracker = UpdateTracker(1)
    alice = api.add_user("Alice")
    bob = api.add_user("Bob")
    group = api.add_group("Space")
    app = _echo_app(api, tracker)
    with BotThread(app) as bot:
        first = bot.call(app.bot.send_message(group.id, "hello"))
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            bot.call(app.bot.edit_message_text("hello", chat_id=group.id, message_id=first.id))
        with pytest.raises(BadRequest, match=r"(?i)too long"):
            bot.call(app.bot.send_message(group.id, "x" * 4097))
        bot.call(app.bot.send_message(group.id, "😀" * 2048))
        with pytest.raises(BadRequest, match=r"(?i)too long"):
            bot.call(app.bot.send_message(group.id, "😀" * 2049))
        with pytest.raises(BadRequest, match=r"(?i)parse entities"):
            bot.call(app.bot.send_message(group.id, "a <b & c", parse_mode="HTML"))
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
        with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
            bot.call(app.bot.send_message(group.id, "buttons", reply_markup=markup))
        with pytest.raises(Forbidden, match=r"(?i)initiate conversation"):
            bot.call(app.bot.send_message(bob.id, "hi"))
        api.send_text(alice, api.private_chat(alice), "hi")
        bot.call(app.bot.send_message(alice.id, "hi"))
        bot.call(app.bot.delete_message(group.id, first.id))
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            bot.call(app.bot.edit_message_text("new", chat_id=group.id, message_id=first.id))
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            bot.call(app.bot.delete_message(group.id, first.id))
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            bot.call(app.bot.send_message(-42, "nobody"))
    failures = [c.method for c in api.failed_calls()]
    assert failures.count("sendMessage") == 6
    assert failures.count("editMessageText") == 2


def test_a_callback_query_can_be_answered_only_once(api: FakeBotApi) -> None:
    tracker = UpdateTracker(1)
    alice = api.add_user("Alice")
    chat = api.private_chat(alice)
    app = _echo_app(api, tracker)
    with BotThread(app) as bot:
        sent = api.send_text(alice, chat, "/start")
        tracker.wait_processed(sent.update_id)
        press = api.press(alice, api.bot_messages(chat)[-1], 0)
        tracker.wait_processed(press.update_id)
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            bot.call(app.bot.answer_callback_query(str(press.callback_query_id)))


def test_a_wrong_token_is_unauthorized(api: FakeBotApi) -> None:
    response = httpx.post(f"{api.base_url}999:wrong/getMe", trust_env=False)
    assert response.status_code == 401
    assert response.json()["ok"] is False


def test_unknown_methods_are_not_found(api: FakeBotApi) -> None:
    response = httpx.post(f"{api.base_url}{api.token}/sendPigeon", trust_env=False)
    assert response.status_code == 404


def test_json_bodies_are_understood(api: FakeBotApi) -> None:
    group = api.add_group("Space")
    response = httpx.post(
        f"{api.base_url}{api.token}/sendMessage",
        json={"chat_id": group.id, "text": "<i>hi</i>", "parse_mode": "HTML"},
        trust_env=False,
    )
    assert response.json()["result"]["entities"] == [{"type": "italic", "offset": 0, "length": 2}]
    assert api.bot_messages(group)[0].text == "hi"


def test_get_updates_long_polls_until_something_arrives(api: FakeBotApi) -> None:
    alice = api.add_user("Alice")
    with httpx.Client(trust_env=False, timeout=10) as client:
        empty = client.post(f"{api.base_url}{api.token}/getUpdates", data={"timeout": "0"})
        assert empty.json() == {"ok": True, "result": []}
        sent = api.send_text(alice, api.private_chat(alice), "/start")
        got = client.post(f"{api.base_url}{api.token}/getUpdates", data={"timeout": "5"})
        [update] = got.json()["result"]
        assert update["update_id"] == sent.update_id
        assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        confirmed = client.post(
            f"{api.base_url}{api.token}/getUpdates",
            data={"offset": str(sent.update_id + 1), "timeout": "0"},
        )
        assert confirmed.json()["result"] == []


def test_users_cannot_write_in_private_chats_of_others(api: FakeBotApi) -> None:
    alice = api.add_user("Alice")
    bob = api.add_user("Bob")
    with pytest.raises(LookupError):
        api.send_text(bob, api.private_chat(alice), "hello")


def test_new_people_never_get_an_id_that_is_taken(api: FakeBotApi) -> None:
    alice = api.add_user("Alice", user_id=10_001)
    bob = api.add_user("Bob", user_id=10_002)
    eve = api.add_user("Eve")
    assert eve.id not in {alice.id, bob.id, api.bot.id}
    with pytest.raises(ValueError, match="the Telegram id 10001 is taken"):
        api.add_user("Mallory", user_id=alice.id)
    assert api.user(alice.id) == alice
    assert api.private_chat(alice).user == alice
    with FakeBotApi() as later:
        later.resume(api.counters())
        assert later.add_user("Frank").id > eve.id


def test_a_missing_button_is_named_plainly(api: FakeBotApi) -> None:
    group = api.add_group("Hackspace")
    plain = StoredMessage(chat=group, message_id=22, sender=api.bot, date=0, text="hi")
    with pytest.raises(LookupError, match=r"^message 22 has no buttons$"):
        plain.button(0)
    with pytest.raises(LookupError, match=r"^message 22 has no buttons$"):
        plain.button("Approve")
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    one = replace(plain, reply_markup=markup)
    assert one.button(0).text == "Yes"
    with pytest.raises(LookupError, match=r"^message 22 has no button with index 1 \(its 1 "):
        one.button(1)


def test_html_parsing_matches_telegram() -> None:
    parsed = parse_html('<b>Bold</b> &amp; <a href="https://x.org">link</a> 😀<i>i</i>')
    assert parsed.text == "Bold & link 😀i"
    assert parsed.entities == (
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "text_link", "url": "https://x.org", "offset": 7, "length": 4},
        {"type": "italic", "offset": 14, "length": 1},
    )
    for bad in ("<b>open", "x</b>", "<blink>x</blink>", "a & b", "1 < 2"):
        with pytest.raises(EntityParseError):
            parse_html(bad)


def test_commands_and_mentions_are_detected_in_user_text() -> None:
    assert detect_entities("/send@bot 5 @alice") == (
        {"type": "bot_command", "offset": 0, "length": 9},
        {"type": "mention", "offset": 12, "length": 6},
    )


def test_injected_faults_fail_the_next_calls_like_telegram(api: FakeBotApi) -> None:
    tracker = UpdateTracker(1)
    group = api.add_group("Space")
    app = _echo_app(api, tracker)
    with BotThread(app) as bot:
        first = bot.call(app.bot.send_message(group.id, "hello"))
        api.fail_next("editMessageText", times=2)
        for _ in range(2):
            with pytest.raises(RetryAfter) as caught:
                bot.call(app.bot.edit_message_text("new", chat_id=group.id, message_id=first.id))
            assert caught.value.retry_after == timedelta(seconds=30)
        api.fail_next("sendMessage", code=400, description="Bad Request: chat not found")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            bot.call(app.bot.send_message(group.id, "again"))
        bot.call(app.bot.edit_message_text("new", chat_id=group.id, message_id=first.id))
    assert [(c.method, c.error_code) for c in api.failed_calls()] == [
        ("editMessageText", 429),
        ("editMessageText", 429),
        ("sendMessage", 400),
    ]
    assert api.bot_messages(group)[0].text == "new"


def test_hand_built_updates_are_numbered_delivered_and_their_presses_recorded(
    api: FakeBotApi,
) -> None:
    tracker = UpdateTracker(1)
    alice = api.add_user("Alice")
    group = api.add_group("Space")
    channel = api.add_group("News", kind="channel")
    assert channel.to_api() == {"id": channel.id, "type": "channel", "title": "News"}
    seen: list[Update] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update)
        if update.callback_query is not None:
            await update.callback_query.answer("noted")

    app = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .concurrent_updates(tracker)
        .build()
    )
    app.add_handler(TypeHandler(Update, record))
    with BotThread(app):
        api.send_text(alice, group, "before")
        post = api.inject_update(
            {
                "channel_post": {
                    "chat": channel.to_api(),
                    "sender_chat": channel.to_api(),
                    "text": "hi",
                }
            }
        )
        anonymous = api.inject_update(
            {
                "message": {
                    "chat": group.to_api(),
                    "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
                    "sender_chat": group.to_api(),
                    "text": "/start",
                }
            }
        )
        press = api.inject_update(
            {
                "callback_query": {
                    "id": "q1",
                    "from": alice.to_api(),
                    "inline_message_id": "inline",
                    "chat_instance": "1",
                    "data": "x",
                }
            }
        )
        for injected in (post, anonymous, press):
            tracker.wait_processed(injected.update_id)
    assert [u.update_id for u in seen[1:]] == [
        post.update_id,
        anonymous.update_id,
        press.update_id,
    ]
    assert seen[1].channel_post is not None
    assert seen[1].channel_post.text == "hi"
    assert seen[2].message is not None
    assert seen[2].message.message_id == 2  # the next id of the group, after "before"
    assert seen[2].message.sender_chat is not None
    assert press.callback_query_id == "q1"
    answer = api.callback("q1")
    assert (answer.answered, answer.answer_text, answer.user.id) == (True, "noted", alice.id)
    assert api.failed_calls() == []


def test_kept_alive_calls_are_not_held_back_by_nagle(api: FakeBotApi) -> None:
    # Without TCP_NODELAY on the server side, the body of each answer waits for the client's
    # delayed ACK: about 40 ms per call on a kept-alive connection, 0.8 s for these 20.
    with httpx.Client(trust_env=False) as client:
        client.post(f"{api.base_url}{api.token}/getMe")
        started = time.perf_counter()
        for _ in range(20):
            assert client.post(f"{api.base_url}{api.token}/getMe").json()["ok"] is True
        elapsed = time.perf_counter() - started
    assert elapsed < 0.4, f"20 kept-alive calls took {elapsed:.2f} s"


def test_get_updates_honours_limit_and_offset(api: FakeBotApi) -> None:
    alice = api.add_user("Alice")
    chat = api.private_chat(alice)
    sent = [api.send_text(alice, chat, f"hi {n}").update_id for n in range(5)]
    url = f"{api.base_url}{api.token}/getUpdates"
    first = httpx.post(url, data={"limit": "2"}, trust_env=False).json()["result"]
    assert [u["update_id"] for u in first] == sent[:2]
    rest = httpx.post(url, data={"offset": str(sent[2]), "limit": "100"}, trust_env=False)
    assert [u["update_id"] for u in rest.json()["result"]] == sent[2:]
    assert api.pending_updates() == 3


def test_listeners_see_every_recorded_call_in_order(api: FakeBotApi) -> None:
    seen: list[BotCall] = []
    api.add_listener(seen.append)
    group = api.add_group("Space")
    url = f"{api.base_url}{api.token}"
    httpx.post(f"{url}/sendMessage", json={"chat_id": group.id, "text": "one"}, trust_env=False)
    httpx.post(f"{url}/sendMessage", json={"chat_id": -42, "text": "nobody"}, trust_env=False)
    api.remove_listener(seen.append)
    httpx.post(f"{url}/sendMessage", json={"chat_id": group.id, "text": "two"}, trust_env=False)
    assert seen == api.calls()[:2]
    assert [(c.seq, c.ok) for c in seen] == [(1, True), (2, False)]
    assert seen[0].message is not None
    assert seen[0].message.text == "one"


def test_a_burst_of_new_connections_is_accepted_at_once(api: FakeBotApi) -> None:
    # With socketserver's default listen backlog of 5, all but a few of these SYNs are dropped
    # and the clients wait a second for the retransmission, as a bot opening its pool would.
    sockets = [socket.socket() for _ in range(64)]
    try:
        for client in sockets:
            client.setblocking(False)
            client.connect_ex(("127.0.0.1", api.port))
        waiting = set(sockets)
        deadline = time.monotonic() + 0.5
        while waiting and time.monotonic() < deadline:
            _, connected, _ = select.select([], list(waiting), [], 0.05)
            waiting -= set(connected)
        assert len(waiting) == 0
    finally:
        for client in sockets:
            client.close()


def test_hand_built_updates_get_ids_and_their_presses_can_be_answered(api: FakeBotApi) -> None:
    news = api.add_group("News", kind="channel")
    alice = api.add_user("Alice")
    post = api.inject_update({"channel_post": {"chat": news.to_api(), "text": "hi"}})
    query = {"id": "77", "from": alice.to_api(), "chat_instance": "1", "data": "pa:1"}
    press = api.inject_update({"callback_query": query})
    url = f"{api.base_url}{api.token}"
    [delivered, pressed] = httpx.post(f"{url}/getUpdates", trust_env=False).json()["result"]
    assert delivered["update_id"] == post.update_id
    assert delivered["channel_post"]["message_id"] == 1
    assert delivered["channel_post"]["chat"] == {"id": news.id, "type": "channel", "title": "News"}
    assert pressed["callback_query"]["data"] == "pa:1"
    assert press.callback_query_id == "77"
    answered = httpx.post(
        f"{url}/answerCallbackQuery", data={"callback_query_id": "77"}, trust_env=False
    )
    assert answered.json() == {"ok": True, "result": True}
    assert api.callback("77").answered
    assert api.callback("77").user == alice
