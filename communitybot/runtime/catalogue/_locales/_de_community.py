"""German texts of the community (the Telegram bot): start, help, balances, send, collectives."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- general ---
    "general.unexpected": (
        "Entschuldigung, bei mir ist etwas schiefgegangen. Es wurde protokolliert; "
        "bitte versuche es später noch einmal."
    ),
    "general.private_only": "Bitte sende <code>/{command}</code> in einem privaten Chat an mich.",
    "general.usage": "Aufruf: <code>{usage}</code>\nBeispiel: <code>{example}</code>",
    "general.continued": "(Fortsetzung)",
    "callback.invalid": "Dieser Knopf ist ungültig.",
    "callback.expired": "Das ist abgelaufen. Bitte sende den Befehl noch einmal.",
    "callback.not_yours": "Nur {name} kann das drücken.",
    "callback.done": "Erledigt.",
    "sender.stand_in": (
        "Ich nehme Befehle nur von Menschen an: bitte schick ihn noch einmal von deinem eigenen "
        "Konto, nicht anonym oder als Kanal."
    ),
    "sender.forwarded": (
        "Eine weitergeleitete Nachricht ist kein Befehl; schick ihn selbst, um ihn zu nutzen."
    ),
    # --- start and help ---
    "start.welcome_internal": (
        "Willkommen, <b>{name}</b>! Du bist als Mitglied von {community} registriert."
    ),
    "start.welcome_external": (
        "Willkommen, <b>{name}</b>! Du bist als externer Gast von {community} registriert. "
        "Um Geld zu senden, etwas zu kaufen oder bei Kommunismen mitzumachen, bitte ein "
        "Mitglied, für dich zu bürgen: es sendet <code>/vouch add {mention}</code> oder "
        "antwortet auf deine Nachricht mit <code>/vouch add</code>."
    ),
    "start.welcome_back": (
        "Willkommen zurück, <b>{name}</b>! Dein Kontostand ist <b>{balance}</b>."
    ),
    "start.next_steps": (
        "Nächste Schritte: /balance zeigt deinen Kontostand, <code>/send 5 @name</code> "
        "bezahlt jemanden, /consume kauft bei der Gemeinschaft, /help zeigt alles."
    ),
    "help.title": "<b>Befehle von {community}</b>",
    "help.line": "/{command}: {summary}",
    "help.footer": (
        "Beträge: {accepted}. Nenne eine Person per @Benutzername oder antworte auf ihre "
        "Nachricht. <code>/help Befehl</code> zeigt Details und ein Beispiel."
    ),
    "help.detail": (
        "<b>/{command}</b>: {summary}\nAufruf: <code>{usage}</code>\n"
        "Beispiel: <code>{example}</code>"
    ),
    "help.unknown": "Den Befehl /{command} gibt es nicht. /help zeigt die Liste.",
    "hint.plain_text": "Ich verstehe nur Befehle. /help zeigt die Liste.",
    "help.consumable_summary": "{description} für {price} kaufen",
    "help.consumable_usage": "/{command} [Anzahl]",
    "help.start.summary": "registrieren und loslegen",
    "help.start.usage": "/start",
    "help.start.example": "/start",
    "help.help.summary": "alle Befehle, oder Details zu einem",
    "help.help.usage": "/help [Befehl]",
    "help.help.example": "/help send",
    "help.balance.summary": "dein Kontostand oder der von jemand anderem",
    "help.balance.usage": "/balance [@nutzer]",
    "help.balance.example": "/balance @alice",
    "help.history.summary": "deine Buchungen, neueste zuerst; csv oder json als Datei",
    "help.history.usage": "/history [Anzahl | csv | json]",
    "help.history.example": "/history 20",
    "help.data.summary": "alles, was der Bot über dich speichert; export: alles als Datei",
    "help.data.usage": "/data [export]",
    "help.data.example": "/data export",
    "help.zwegat.summary": "der Kontostand der Gemeinschaft",
    "help.zwegat.usage": "/zwegat",
    "help.zwegat.example": "/zwegat",
    "help.blame.summary": "wer am meisten Schulden hat",
    "help.blame.usage": "/blame [anzahl]",
    "help.blame.example": "/blame 3",
    "help.top.summary": "die höchsten Kontostände",
    "help.top.usage": "/top [anzahl]",
    "help.top.example": "/top 3",
    "help.send.summary": "jemandem Geld senden (du bestätigst vorher)",
    "help.send.usage": "/send Betrag @nutzer [Grund]",
    "help.send.example": "/send 4,50 @bob Pizza",
    "help.pay.summary": "die Gemeinschaft um Erstattung bitten; Mitglieder stimmen ab",
    "help.pay.usage": "/pay Betrag Beschreibung",
    "help.pay.example": "/pay 12 Putzmittel",
    "help.communism.summary": "eine Rechnung unter allen aufteilen, die mitmachen",
    "help.communism.usage": "/communism Betrag Beschreibung",
    "help.communism.example": "/communism 30 Pizza für alle",
    "help.consume.summary": "etwas bei der Gemeinschaft kaufen",
    "help.consume.usage": "/consume Name [Anzahl]",
    "help.consume.example": "/consume drink 2",
    "help.vouch.summary": "für einen externen Gast bürgen, oder damit aufhören",
    "help.vouch.usage": "/vouch [add | remove @nutzer]",
    "help.vouch.example": "/vouch add @gast",
    "help.vote_right.summary": (
        "jemandem das Stimmrecht für Zahlungsanfragen geben oder nehmen (Kassenwarte)"
    ),
    "help.vote_right.usage": "/vote_right @nutzer on|off",
    "help.vote_right.example": "/vote_right @bob on",
    # --- balances and queries ---
    "balance.own": "Dein Kontostand: <b>{balance}</b>",
    "balance.other": "Kontostand von {name}: <b>{balance}</b>",
    "history.title": "<b>Deine Buchungen</b> ({first}–{last} von {total}):",
    "history.empty": "Du hast noch keine Buchungen.",
    "history.line": "{date}  <b>{amount}</b> {direction} {counterpart}{reason}",
    "history.from": "von",
    "history.to": "an",
    "history.older": "◀ Ältere",
    "history.newer": "Neuere ▶",
    "history.file_caption": "Deine {count} Buchungen als {format}.",
    "history.count_invalid": (
        "Gib an, wie viele Buchungen ich zeigen soll (1 bis {maximum}), oder csv oder json."
    ),
    "data.title": "<b>Was ich über dich speichere</b>",
    "data.body": (
        "Nutzer-ID: {id}\nTelegram-ID: {tid}\nName: {name}\nBenutzername: {username}\n"
        "Kontostand: {balance}\nStatus: {status}\nDarf abstimmen: {vote}\nAktiv: {active}\n"
        "Registriert: {created}\nZuletzt geändert: {accessed}\nBuchungen: {transactions}"
    ),
    "data.voucher": "Es bürgt für dich: {name}",
    "data.vouchees": "Du bürgst für: {names}",
    "data.open_collectives": "Deine offenen Vorgänge: {ids}",
    "data.internal": "Mitglied",
    "data.external": "externer Gast",
    "data.yes": "ja",
    "data.no": "nein",
    "data.none": "keine",
    "zwegat.text": "Die Gemeinschaft {name} hat <b>{balance}</b>.",
    "blame.title": "<b>Die größten Schulden</b>",
    "blame.none": "Niemand hat Schulden. 🎉",
    "top.title": "<b>Die höchsten Kontostände</b>",
    "top.none": "Noch niemand hat einen Kontostand.",
    "rank.line": "{rank}. {name}: {balance}",
    "rank.count_invalid": "Gib an, wie viele ich zeigen soll: eine ganze Zahl von 1 bis {maximum}.",
    # --- send ---
    "send.preview": (
        "<b>{amount}</b> von {sender} an {receiver}{reason} senden?\nNur {sender} kann bestätigen."
    ),
    "send.confirm": "✅ Bestätigen",
    "send.abort": "❌ Abbrechen",
    "send.done": "✅ {sender} hat <b>{amount}</b> an {receiver}{reason} gesendet.",
    "send.balance": "Dein Kontostand: {balance}",
    "send.aborted": "❌ Abgebrochen: es wurde kein Geld gesendet.",
    "send.failed": "❌ Nicht gesendet: {error}",
    "send.outcome_unknown": (
        "Ich weiß noch nicht, ob das Geld gesendet wurde: Die Datenbank hat nicht mehr "
        "geantwortet. Noch einmal Bestätigen zu drücken ist sicher: Es wird nie doppelt gesendet."
    ),
    "send.no_receiver": "Nenne den Empfänger per @Benutzername oder antworte auf seine Nachricht.",
    "target.bot.self": (
        "Ich bin der Bot, kein Mitglied von {community}: Ich habe keinen Kontostand und mache "
        "nicht mit. Nenne eine Person per @Benutzername oder antworte auf eine ihrer Nachrichten."
    ),
    "target.bot.other": (
        "{name} ist ein Bot, kein Mitglied von {community}. "
        "Nenne eine Person per @Benutzername oder antworte auf eine ihrer Nachrichten."
    ),
    "reason.suffix": " für „{reason}“",
    # --- collectives ---
    "collective.status.open": "offen",
    "collective.status.paid": "angenommen und ausgezahlt",
    "collective.status.denied": "abgelehnt",
    "collective.status.settled": "angenommen und abgerechnet",
    "collective.status.cancelled": "abgebrochen",
    "collective.status.closed": "geschlossen",
    "collective.status_line": "Status: <b>{status}</b>",
    "pay.title": "💸 <b>Zahlungsanfrage #{id}</b> von {creator}",
    "collective.body": "Betrag: <b>{amount}</b>\nFür: {description}",
    "pay.approvals": "👍 Dafür ({count}): {names}",
    "pay.disapprovals": "👎 Dagegen ({count}): {names}",
    "pay.rule": (
        "Ausgezahlt, wenn {consent} Stimmen mehr dafür sind; abgelehnt, wenn {denial} Stimmen "
        "mehr dagegen sind."
    ),
    "pay.approve": "👍 Dafür",
    "pay.disapprove": "👎 Dagegen",
    "pay.cancel": "🗑 Abbrechen",
    "pay.voted_approve": "Du hast dafür gestimmt.",
    "pay.voted_disapprove": "Du hast dagegen gestimmt.",
    "pay.decided_paid": "Angenommen: die Gemeinschaft hat {amount} an {creator} gezahlt.",
    "pay.decided_denied": "Abgelehnt.",
    "pay.none_open": "Du hast keine offene Zahlungsanfrage. {usage}",
    "communism.title": "🤝 <b>Kommunismus #{id}</b> von {creator}",
    "communism.members": "Dabei ({count}): {names}",
    "communism.externals": "Externe: {count}",
    "communism.preview": "Jeder zahlt etwa {share}.",
    "communism.shares": "<b>Anteile</b>:",
    "communism.share_line": "{name}: {amount}",
    "communism.external_line": "Externer Nr. {number}: {amount} (kassiert {creator})",
    "communism.join": "🙋 Mitmachen",
    "communism.leave": "🚪 Aussteigen",
    "communism.externals_plus": "Externe +",
    "communism.externals_minus": "Externe −",
    "communism.accept": "✅ Abrechnen",
    "communism.cancel": "🗑 Abbrechen",
    "communism.joined": "Du machst mit.",
    "communism.left": "Du bist ausgestiegen.",
    "communism.externals_now": "Externe: {count}",
    "communism.accepted": "Abgerechnet: die Anteile gingen an {creator}.",
    "communism.cancelled": "Abgebrochen: es wurde kein Geld bewegt.",
    "communism.none_open": "Du hast keinen offenen Kommunismus. {usage}",
    "collective.shown_again": "Unten noch einmal angezeigt.",
    # --- consume ---
    "consume.done": "{emoji} {count}× {name} für <b>{amount}</b>. Dein Kontostand: {balance}",
    "consume.list_title": "<b>Was du kaufen kannst</b> (<code>/consume Name [Anzahl]</code>):",
    "consume.list_line": "{emoji} /{name}: {description}, {price}",
    "consume.count_invalid": "Die Anzahl muss eine ganze Zahl von 1 bis {maximum} sein.",
    # --- vouch ---
    "vouch.title": "<b>Du bürgst für</b>:",
    "vouch.line": "{name}: {balance}",
    "vouch.none": (
        "Du bürgst für niemanden. Bürge für einen Gast mit <code>/vouch add @nutzer</code>."
    ),
    "vouch.your_voucher": "{name} bürgt für dich.",
    "vouch.no_voucher": (
        "Noch bürgt niemand für dich, daher darfst du nur lesen. Bitte ein Mitglied, "
        "<code>/vouch add {mention}</code> zu senden."
    ),
    "vouch.added": (
        "Du bürgst jetzt für {name}. Seine Schulden (bis {limit}) übernimmst du, wenn du aufhörst."
    ),
    "vouch.removed_zero": "Du bürgst nicht mehr für {name}. Es gab nichts abzurechnen.",
    "vouch.removed_credit": (
        "Du bürgst nicht mehr für {name}. Sein Guthaben von {amount} ging an dich."
    ),
    "vouch.removed_debt": (
        "Du bürgst nicht mehr für {name}. Du hast seine Schulden von {amount} bezahlt."
    ),
    "vouch.cancelled": (
        "Die offenen Vorgänge des Gasts wurden dabei abgebrochen (es floss kein Geld): {ids}."
    ),
    "vote_right.on": "{name} darf jetzt über Zahlungsanfragen abstimmen.",
    "vote_right.off": "{name} darf nicht mehr über Zahlungsanfragen abstimmen.",
    "vouch.no_target": "Nenne den Gast per @Benutzername oder antworte auf seine Nachricht.",
    "vouch.bad_verb": (
        "Nutze <code>/vouch</code>, <code>/vouch add @nutzer</code> oder "
        "<code>/vouch remove @nutzer</code>."
    ),
    "history.reason": " · {reason}",
    "amount.accepted": (
        "5, 5.5, 5,50, 5€, €5 oder 5.00 EUR (höchstens zwei Nachkommastellen, größer als null)"
    ),
    "replayed.note": "(schon früher erledigt; nichts ist doppelt passiert)",
}
