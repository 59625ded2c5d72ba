"""English texts of the community (the Telegram bot): start, help, balances, send, collectives."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- general ---
    "general.unexpected": (
        "Sorry, something went wrong on my side. It has been logged; please try again later."
    ),
    "general.private_only": "Please send <code>/{command}</code> to me in a private chat.",
    "general.usage": "Usage: <code>{usage}</code>\nExample: <code>{example}</code>",
    "general.continued": "(continued)",
    "callback.invalid": "This button is not valid.",
    "callback.expired": "This has expired. Please send the command again.",
    "callback.not_yours": "Only {name} can press this.",
    "callback.done": "Done.",
    "sender.stand_in": (
        "I only take commands from people: please send it again from your own account, "
        "not anonymously or as a channel."
    ),
    "sender.forwarded": "A forwarded message is not a command; send it yourself to use it.",
    # --- start and help ---
    "start.welcome_internal": (
        "Welcome, <b>{name}</b>! You are registered as a member of {community}."
    ),
    "start.welcome_external": (
        "Welcome, <b>{name}</b>! You are registered as an external guest of {community}. "
        "To send money, consume or join communisms, ask a member to vouch for you: "
        "they send <code>/vouch add {mention}</code> or reply to your message with "
        "<code>/vouch add</code>."
    ),
    "start.welcome_back": "Welcome back, <b>{name}</b>! Your balance is <b>{balance}</b>.",
    "start.next_steps": (
        "Next steps: /balance shows your balance, <code>/send 5 @name</code> pays someone, "
        "/consume buys from the community, /help lists everything."
    ),
    "help.title": "<b>Commands of {community}</b>",
    "help.line": "/{command}: {summary}",
    "help.footer": (
        "Amounts: {accepted}. Name a person by @username or reply to their message. "
        "<code>/help command</code> shows details and an example."
    ),
    "help.detail": (
        "<b>/{command}</b>: {summary}\nUsage: <code>{usage}</code>\nExample: <code>{example}</code>"
    ),
    "help.unknown": "There is no command /{command}. Send /help for the list.",
    "hint.plain_text": "I only understand commands. Send /help for the list.",
    "help.consumable_summary": "buy {description} for {price}",
    "help.consumable_usage": "/{command} [count]",
    "help.start.summary": "register and get started",
    "help.start.usage": "/start",
    "help.start.example": "/start",
    "help.help.summary": "all commands, or details of one",
    "help.help.usage": "/help [command]",
    "help.help.example": "/help send",
    "help.balance.summary": "your balance, or someone else's",
    "help.balance.usage": "/balance [@user]",
    "help.balance.example": "/balance @alice",
    "help.history.summary": "your transactions, newest first; csv or json as a file",
    "help.history.usage": "/history [count | csv | json]",
    "help.history.example": "/history 20",
    "help.data.summary": "everything the bot stores about you; export: all of it as a file",
    "help.data.usage": "/data [export]",
    "help.data.example": "/data export",
    "help.zwegat.summary": "the community's balance",
    "help.zwegat.usage": "/zwegat",
    "help.zwegat.example": "/zwegat",
    "help.blame.summary": "who owes the most",
    "help.blame.usage": "/blame [count]",
    "help.blame.example": "/blame 3",
    "help.top.summary": "the highest balances",
    "help.top.usage": "/top [count]",
    "help.top.example": "/top 3",
    "help.send.summary": "send money to someone (you confirm first)",
    "help.send.usage": "/send amount @user [reason]",
    "help.send.example": "/send 4.50 @bob pizza",
    "help.pay.summary": "ask the community to pay you back; members vote",
    "help.pay.usage": "/pay amount description",
    "help.pay.example": "/pay 12 cleaning supplies",
    "help.communism.summary": "split a bill among everyone who joins",
    "help.communism.usage": "/communism amount description",
    "help.communism.example": "/communism 30 pizza for everyone",
    "help.consume.summary": "buy something from the community",
    "help.consume.usage": "/consume name [count]",
    "help.consume.example": "/consume drink 2",
    "help.vouch.summary": "vouch for an external guest, or stop",
    "help.vouch.usage": "/vouch [add | remove @user]",
    "help.vouch.example": "/vouch add @guest",
    "help.vote_right.summary": "give or take someone's vote on payment requests (treasurers)",
    "help.vote_right.usage": "/vote_right @user on|off",
    "help.vote_right.example": "/vote_right @bob on",
    # --- balances and queries ---
    "balance.own": "Your balance: <b>{balance}</b>",
    "balance.other": "Balance of {name}: <b>{balance}</b>",
    "history.title": "<b>Your transactions</b> ({first}–{last} of {total}):",
    "history.empty": "You have no transactions yet.",
    "history.line": "{date}  <b>{amount}</b> {direction} {counterpart}{reason}",
    "history.from": "from",
    "history.to": "to",
    "history.older": "◀ Older",
    "history.newer": "Newer ▶",
    "history.file_caption": "Your {count} transactions as {format}.",
    "history.count_invalid": "Say how many transactions to show, 1 to {maximum}, or csv or json.",
    "data.title": "<b>What I store about you</b>",
    "data.body": (
        "User id: {id}\nTelegram id: {tid}\nName: {name}\nUsername: {username}\n"
        "Balance: {balance}\nStatus: {status}\nMay vote: {vote}\nActive: {active}\n"
        "Registered: {created}\nLast change: {accessed}\nTransactions: {transactions}"
    ),
    "data.voucher": "Vouched for by: {name}",
    "data.vouchees": "You vouch for: {names}",
    "data.open_collectives": "Your open collectives: {ids}",
    "data.internal": "member",
    "data.external": "external guest",
    "data.yes": "yes",
    "data.no": "no",
    "data.none": "none",
    "zwegat.text": "The community {name} holds <b>{balance}</b>.",
    "blame.title": "<b>Most in debt</b>",
    "blame.none": "Nobody is in debt. 🎉",
    "top.title": "<b>Highest balances</b>",
    "top.none": "Nobody has a balance yet.",
    "rank.line": "{rank}. {name}: {balance}",
    "rank.count_invalid": "Say how many to show: a whole number from 1 to {maximum}.",
    # --- send ---
    "send.preview": (
        "Send <b>{amount}</b> from {sender} to {receiver}{reason}?\nOnly {sender} can confirm."
    ),
    "send.confirm": "✅ Confirm",
    "send.abort": "❌ Abort",
    "send.done": "✅ {sender} sent <b>{amount}</b> to {receiver}{reason}.",
    "send.balance": "Your balance: {balance}",
    "send.aborted": "❌ Aborted: no money was sent.",
    "send.failed": "❌ Not sent: {error}",
    "send.outcome_unknown": (
        "I don't know yet whether the money was sent: the database stopped answering. "
        "Pressing Confirm again is safe: it never sends twice."
    ),
    "send.no_receiver": "Name the receiver by @username or reply to their message.",
    "target.bot.self": (
        "I am the bot, not a member of {community}: I have no balance and take no part. "
        "Name a person by @username or reply to one of their messages."
    ),
    "target.bot.other": (
        "{name} is a bot, not a member of {community}. "
        "Name a person by @username or reply to one of their messages."
    ),
    "reason.suffix": " for “{reason}”",
    # --- collectives ---
    "collective.status.open": "open",
    "collective.status.paid": "approved and paid",
    "collective.status.denied": "denied",
    "collective.status.settled": "accepted and settled",
    "collective.status.cancelled": "cancelled",
    "collective.status.closed": "closed",
    "collective.status_line": "Status: <b>{status}</b>",
    "pay.title": "💸 <b>Payment request #{id}</b> by {creator}",
    "collective.body": "Amount: <b>{amount}</b>\nFor: {description}",
    "pay.approvals": "👍 Approved ({count}): {names}",
    "pay.disapprovals": "👎 Disapproved ({count}): {names}",
    "pay.rule": "Paid when approvals lead by {consent}; denied when disapprovals lead by {denial}.",
    "pay.approve": "👍 Approve",
    "pay.disapprove": "👎 Disapprove",
    "pay.cancel": "🗑 Cancel",
    "pay.voted_approve": "You approved.",
    "pay.voted_disapprove": "You disapproved.",
    "pay.decided_paid": "Approved: the community paid {amount} to {creator}.",
    "pay.decided_denied": "Denied.",
    "pay.none_open": "You have no open payment request. {usage}",
    "communism.title": "🤝 <b>Communism #{id}</b> by {creator}",
    "communism.members": "Participants ({count}): {names}",
    "communism.externals": "Externals: {count}",
    "communism.preview": "Each pays about {share}.",
    "communism.shares": "<b>Shares</b>:",
    "communism.share_line": "{name}: {amount}",
    "communism.external_line": "External #{number}: {amount} (collected by {creator})",
    "communism.join": "🙋 Join",
    "communism.leave": "🚪 Leave",
    "communism.externals_plus": "Externals +",
    "communism.externals_minus": "Externals −",
    "communism.accept": "✅ Accept",
    "communism.cancel": "🗑 Cancel",
    "communism.joined": "You joined.",
    "communism.left": "You left.",
    "communism.externals_now": "Externals: {count}",
    "communism.accepted": "Accepted: shares were paid to {creator}.",
    "communism.cancelled": "Cancelled: no money moved.",
    "communism.none_open": "You have no open communism. {usage}",
    "collective.shown_again": "Shown again below.",
    # --- consume ---
    "consume.done": "{emoji} {count}× {name} for <b>{amount}</b>. Your balance: {balance}",
    "consume.list_title": "<b>What you can buy</b> (<code>/consume name [count]</code>):",
    "consume.list_line": "{emoji} /{name}: {description}, {price}",
    "consume.count_invalid": "The count must be a whole number from 1 to {maximum}.",
    # --- vouch ---
    "vouch.title": "<b>You vouch for</b>:",
    "vouch.line": "{name}: {balance}",
    "vouch.none": "You vouch for nobody. Vouch for a guest with <code>/vouch add @user</code>.",
    "vouch.your_voucher": "{name} vouches for you.",
    "vouch.no_voucher": (
        "Nobody vouches for you yet, so you may only read. Ask a member to send "
        "<code>/vouch add {mention}</code>."
    ),
    "vouch.added": (
        "You now vouch for {name}. Their debts (down to {limit}) are yours if you stop."
    ),
    "vouch.removed_zero": "You no longer vouch for {name}. Nothing had to be settled.",
    "vouch.removed_credit": (
        "You no longer vouch for {name}. Their credit of {amount} went to you."
    ),
    "vouch.removed_debt": "You no longer vouch for {name}. You paid their debt of {amount}.",
    "vouch.cancelled": (
        "Their open communisms and payment requests were cancelled with it (no money moved): {ids}."
    ),
    "vote_right.on": "{name} may now vote on payment requests.",
    "vote_right.off": "{name} may no longer vote on payment requests.",
    "vouch.no_target": "Name the guest by @username or reply to their message.",
    "vouch.bad_verb": (
        "Use <code>/vouch</code>, <code>/vouch add @user</code> or <code>/vouch remove "
        "@user</code>."
    ),
    "history.reason": " · {reason}",
    "amount.accepted": "5, 5.5, 5,50, 5€, €5 or 5.00 EUR (at most two decimals, more than zero)",
    "replayed.note": "(already done before; nothing happened twice)",
}
