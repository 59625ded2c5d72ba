"""The terminal chat of ``communitybot sandbox``: type as any simulated person, press buttons.

Lines starting with one of the sandbox's own commands (``/as``, ``/chat``, ``/press``,
``/reply``, ``/show``, ``/users``, ``/adduser``, ``/sandbox``, ``/quit``) steer the sandbox;
every other line is sent to the bot as a message of the current person in the current chat.
After each action the terminal prints what the bot did: new messages (with numbered buttons),
edits, and the answer to a button press.
"""

from __future__ import annotations

from collections.abc import Callable

from communitybot.core.errors import InvalidNumber
from communitybot.core.text import parse_number
from communitybot.devtools._session import Exchange, Session
from communitybot.devtools._simulated import BotCall, SimChat, SimUser, StoredMessage

HELP = """\
Sandbox commands (everything else is sent to the bot, e.g. /start, /send 5 @bob pizza):
  /as NAME              act as another person (alice, bob, carol, dave, ...)
  /chat group|private   switch between the group chat and your private chat with the bot
  /press N [MSG]        press button N of message MSG (default: the newest message with buttons)
  /reply MSG TEXT       send TEXT as a reply to message MSG (e.g. /reply 7 /send 2 beer)
  /show [N]             show the last N messages of this chat as they are now (default 10)
  /users                list the people and chats
  /adduser FIRST [@username] [language]   invent another person
  /sandbox              this help
  /quit                 leave (Ctrl-D works too)"""

SANDBOX_COMMANDS = frozenset(
    {
        "/as",
        "/chat",
        "/press",
        "/reply",
        "/show",
        "/users",
        "/adduser",
        "/sandbox",
        "/quit",
        "/exit",
    }
)


def _number(text: str, usage: str) -> int:
    """A number typed at the terminal (digits 0-9 only); ``ValueError(usage)`` otherwise."""
    try:
        return parse_number(text, max_digits=9)
    except InvalidNumber as error:
        raise ValueError(usage) from error


class Terminal:
    """A line-oriented chat client for the sandbox; testable with any ``write`` function."""

    def __init__(
        self,
        session: Session,
        *,
        group: SimChat,
        user: SimUser,
        write: Callable[[str], None] = print,
    ) -> None:
        self.session = session
        self.api = session.api
        self.group = group
        self.user = user
        self.chat: SimChat = group
        self.write = write

    @property
    def prompt(self) -> str:
        """``alice@Hackspace> ``: who is typing where."""
        who = self.user.username or self.user.first_name.lower()
        where = self.chat.title if self.chat.user is None else "private"
        return f"{who}@{where}> "

    def intro(self) -> None:
        """Greet and explain the sandbox."""
        people = ", ".join(u.username or u.first_name for u in self.api.users())
        self.write(
            "communitybot sandbox: a local fake Telegram, no token and no internet needed.\n"
            f"People: {people} (alice, bob and carol are members who may vote; dave is a "
            f"guest). Group chat: {self.group.title}; you are alice there.\n"
            "Type /start to register, /help for the bot's commands, /sandbox for the sandbox's."
        )

    def loop(self, read: Callable[[str], str] = input) -> None:
        """Read lines until ``/quit`` or end of input."""
        self.intro()
        while True:
            try:
                line = read(self.prompt)
            except EOFError:
                self.write("")
                return
            if not self.handle(line):
                return

    def handle(self, line: str) -> bool:
        """Act on one line; False when the user wants to leave."""
        text = line.strip()
        if not text:
            return True
        word = text.split()[0].lower()
        if word in SANDBOX_COMMANDS:
            try:
                return self._sandbox_command(word, text)
            except (LookupError, ValueError) as err:
                self.write(f"  ! {err}")
                return True
        self._show_exchange(self.session.say(self.user, self.chat, text))
        return True

    # -- sandbox commands --

    def _sandbox_command(self, word: str, text: str) -> bool:
        args = text.split()[1:]
        if word in ("/quit", "/exit"):
            return False
        if word == "/sandbox":
            self.write(HELP)
        elif word == "/as":
            self._act_as(args)
        elif word == "/chat":
            self._switch_chat(args)
        elif word == "/press":
            self._press(args)
        elif word == "/reply":
            self._reply(text)
        elif word == "/show":
            count = _number(args[0], "say how many messages: /show 5") if args else 10
            for message in self.api.messages(self.chat)[-count:] if count else []:
                self.write(self._render(message))
        elif word == "/users":
            self._list_users()
        elif word == "/adduser":
            self._add_user(args)
        return True

    def _act_as(self, args: list[str]) -> None:
        if not args:
            raise ValueError("say who: /as bob")
        self.user = self.api.user(args[0])
        if self.chat.user is not None:
            self.chat = self.api.private_chat(self.user)
        self.write(f"  now acting as {self.user.full_name}")

    def _switch_chat(self, args: list[str]) -> None:
        target = (args[0] if args else "group").lower()
        if target == "group":
            self.chat = self.group
        elif target == "private":
            self.chat = self.api.private_chat(self.user)
        else:
            raise ValueError("use /chat group or /chat private")
        self.write(f"  now in {self.chat.label}")

    def _press(self, args: list[str]) -> None:
        usage = "say which button (and message): /press 1, or /press 1 22"
        if not args or len(args) > 2:
            raise ValueError(usage)
        number = _number(args[0], usage)
        if len(args) > 1:
            message = self._message(args[1], usage)
        else:
            with_buttons = [m for m in self.api.bot_messages(self.chat) if m.buttons]
            if not with_buttons:
                raise LookupError("no message with buttons in this chat")
            message = with_buttons[-1]
        buttons = message.buttons
        if not buttons:
            raise LookupError(f"message {message.message_id} has no buttons")
        if not 1 <= number <= len(buttons):
            choice = "1" if len(buttons) == 1 else f"1 to {len(buttons)}"
            raise LookupError(
                f"message {message.message_id} has no button {number}; press {choice}"
            )
        self._show_exchange(self.session.press(self.user, message, number - 1))

    def _message(self, ref: str, usage: str) -> StoredMessage:
        """A live message of the current chat by its number (``22`` or ``#22``)."""
        message_id = _number(ref.removeprefix("#"), usage)
        try:
            message = self.api.message(self.chat.id, message_id)
        except KeyError:
            raise LookupError(f"there is no message {message_id} in {self.chat.label}") from None
        if message.deleted:
            raise LookupError(f"message {message_id} was deleted")
        return message

    def _reply(self, text: str) -> None:
        usage = "use /reply MSG TEXT, e.g. /reply 7 /send 2 beer"
        parts = text.split(maxsplit=2)
        if len(parts) < 3:
            raise ValueError(usage)
        target = self._message(parts[1], usage)
        self._show_exchange(self.session.say(self.user, self.chat, parts[2], reply_to=target))

    def _list_users(self) -> None:
        for user in self.api.users():
            name = f"@{user.username}" if user.username else "(no username)"
            marker = " <- you" if user.id == self.user.id else ""
            self.write(f"  {user.full_name} {name} lang={user.language_code}{marker}")
        self.write(f"  group chat: {self.group.title} ({self.group.id})")

    def _add_user(self, args: list[str]) -> None:
        usage = "use /adduser FIRST [@username] [language]"
        if not args or args[0].startswith("@"):
            raise ValueError(usage)
        username = next((a.lstrip("@") for a in args[1:] if a.startswith("@")), None)
        language = next((a for a in args[1:] if not a.startswith("@")), "en")
        if username == "":
            raise ValueError(usage)
        if username is not None:
            lower = username.lower()
            for other in self.api.users():
                if (other.username or "").lower() == lower:
                    raise ValueError(f"@{username} is {other.full_name} already; pick another")
        user = self.api.add_user(args[0], username=username, language_code=language)
        self.write(f"  added {user.full_name}; /as {username or user.first_name} to act as them")

    # -- output --

    def _show_exchange(self, exchange: Exchange) -> None:
        for call in exchange.calls:
            self._show_call(call)
        answer = exchange.answer
        if answer is not None and answer.answered and answer.answer_text:
            kind = "alert" if answer.show_alert else "toast"
            self.write(f"  ↳ {kind} for {answer.user.first_name}: {answer.answer_text}")

    def _show_call(self, call: BotCall) -> None:
        method = call.method.lower()
        if not call.ok:
            if "not modified" not in (call.description or ""):
                self.write(f"  (Telegram refused {call.method}: {call.description})")
            return
        if call.message is None:
            return
        if method.startswith("send"):
            self.write(self._render(call.message))
        elif method.startswith("edit"):
            self.write(self._render(call.message, edited=True))

    def _render(self, message: StoredMessage, *, edited: bool = False) -> str:
        where = "" if message.chat.id == self.chat.id else f" → {message.chat.label}"
        who = "🤖" if message.from_bot else message.sender.first_name
        head = f"[#{message.message_id}{where}]{' ✎ edited' if edited else ''} {who}:"
        lines = [head]
        if message.document is not None:
            document = message.document
            lines.append(f"  📎 {document.file_name} ({len(document.content)} bytes)")
            preview = document.content.decode("utf-8", "replace").splitlines()[:6]
            lines.extend(f"  | {line}" for line in preview)
        lines.extend(f"  {line}" for line in message.body.splitlines())
        if message.buttons:
            buttons = "  ".join(f"[{b.index + 1}] {b.text}" for b in message.buttons)
            lines.append(f"  {buttons}   (/press N)")
        return "\n".join(lines)


__all__ = ["HELP", "SANDBOX_COMMANDS", "Terminal"]
