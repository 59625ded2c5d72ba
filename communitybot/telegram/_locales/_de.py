"""German texts (Deutsch): a translation of every key of the English source locale."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- general ---
    "general.unknown_user": "Ich kenne dich noch nicht. Bitte sende zuerst /start.",
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
    "help.data.summary": "alles, was der Bot über dich speichert",
    "help.data.usage": "/data",
    "help.data.example": "/data",
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
    "send.received": (
        "💶 Du hast <b>{amount}</b> von {sender}{reason} erhalten. Kontostand: {balance}"
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
    "pay.body": "Betrag: <b>{amount}</b>\nFür: {description}",
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
    "communism.body": "Betrag: <b>{amount}</b>\nFür: {description}",
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
    "error.person.someone": "diese Person",
    "replayed.note": "(schon früher erledigt; nichts ist doppelt passiert)",
    # --- errors, one per domain error class ---
    "error.invalid_amount": "„{text}“ ist kein Betrag: {why}. Möglich sind: {accepted}.",
    "error.invalid_amount.empty": "er ist leer",
    "error.invalid_amount.too_long": "er ist zu lang",
    "error.invalid_amount.negative": "er ist negativ",
    "error.invalid_amount.sign": "er hat ein Vorzeichen",
    "error.invalid_amount.exponent": "Exponenten sind nicht erlaubt",
    "error.invalid_amount.not_a_number": "er ist keine Zahl",
    "error.invalid_amount.foreign_digits": "bitte schreib ihn mit den Ziffern 0-9",
    "error.invalid_amount.too_many_decimals": "er hat mehr als zwei Nachkommastellen",
    "error.invalid_amount.zero": "er ist null",
    "error.invalid_amount.too_large": "er ist viel zu groß",
    "error.invalid_amount.other": "er ist nicht lesbar",
    "error.not_found": "Es gibt kein(e) {kind} „{ref}“.",
    "error.configuration": (
        "Der Bot ist nicht vollständig eingerichtet ({problem}). Bitte sag einem Admin Bescheid."
    ),
    "error.unknown_user": "Ich kenne {ref} nicht. Die Person muss mir zuerst /start senden.",
    "error.unknown_user.self": "Ich kenne dich noch nicht. Bitte sende zuerst /start.",
    "error.ambiguous_username": (
        "Mehrere Personen heißen @{username}; antworte stattdessen auf die Nachricht der Person."
    ),
    "error.inactive_user.self": (
        "Dein Konto ist deaktiviert: du kannst lesen, aber nichts ändern."
    ),
    "error.inactive_user.other": "{name} ist deaktiviert und kann nicht teilnehmen.",
    "error.external_not_allowed.unvouched": (
        "Als externer Gast ohne Bürgen darfst du nur lesen. Bitte ein Mitglied, für dich zu bürgen."
    ),
    "error.external_not_allowed.vouched": "Externe Gäste dürfen nicht {action}.",
    "error.external_not_allowed.other": "{name} ist ein externer Gast und darf nicht {action}.",
    "error.no_vote_permission": "Du darfst nicht über Zahlungsanfragen abstimmen.",
    "error.community_user_not_allowed": "Das Gemeinschaftskonto kann nicht {action}.",
    "error.action_denied.self": (
        "Du darfst nicht {action}; wer das darf, entscheiden die Kassenwarte oder die "
        "Administration."
    ),
    "error.action_denied.other": "{name} darf nicht {action}.",
    "error.self_transfer": "Du kannst dir nicht selbst Geld senden.",
    "error.amount_not_positive": "Der Betrag muss größer als null sein.",
    "error.amount_too_large": "{amount} ist mehr als das Maximum von {maximum} pro Vorgang.",
    "error.debt_limit.self": (
        "Du kannst {amount} nicht zahlen: dein Kontostand von {balance} darf nicht unter "
        "{limit} fallen."
    ),
    "error.debt_limit.other": (
        "{name} kann {amount} nicht zahlen: der Kontostand von {balance} darf nicht unter "
        "{limit} fallen."
    ),
    "error.balance_out_of_range.self": (
        "Das würde deinen Kontostand aus dem möglichen Bereich bringen."
    ),
    "error.balance_out_of_range.other": (
        "Das würde den Kontostand von {name} aus dem möglichen Bereich bringen."
    ),
    "error.unknown_collective": "Es gibt keine Zahlungsanfrage und keinen Kommunismus #{id}.",
    "error.collective_closed": "#{id} ist bereits geschlossen.",
    "error.wrong_collective_kind.payment": "#{id} ist keine Zahlungsanfrage.",
    "error.wrong_collective_kind.communism": "#{id} ist kein Kommunismus.",
    "error.not_collective_creator": "Nur wer #{id} erstellt hat, kann das tun.",
    "error.creator_cannot_vote": "Du kannst nicht über deine eigene Zahlungsanfrage abstimmen.",
    "error.already_voted.approve": "Du hast bereits für #{id} gestimmt.",
    "error.already_voted.disapprove": "Du hast bereits gegen #{id} gestimmt.",
    "error.already_participant": "Du machst bei #{id} schon mit.",
    "error.not_participant": "Du machst bei #{id} nicht mit.",
    "error.creator_cannot_leave": (
        "Als Ersteller kannst du #{id} nicht verlassen; brich es stattdessen ab."
    ),
    "error.externals_out_of_range.none": (
        "#{id} zählt keine Externen, also kann keiner abgezogen werden."
    ),
    "error.externals_out_of_range.many": "#{id} kann keine weiteren Externen zählen.",
    "error.too_many_open_collectives": (
        "Du hast schon {open} offene Zahlungsanfrage oder Kommunismus; höchstens {limit} "
        "gleichzeitig."
    ),
    "error.settlement_refused": "#{id} kann noch nicht abgerechnet werden: {problems}",
    "error.missing_description": "Bitte gib eine Beschreibung an.",
    "error.unknown_consumable": "Es gibt nichts namens „{name}“. Verfügbar: {known}.",
    "error.consume_count_out_of_range": (
        "Du kannst 1 bis {maximum} auf einmal nehmen, nicht {count}."
    ),
    "error.invalid_number": "„{text}“ ist keine ganze Zahl.",
    "error.invalid_number.foreign_digits": (
        "„{text}“ ist keine Zahl, die ich lesen kann: Bitte schreib sie mit den Ziffern 0-9."
    ),
    "error.not_external": "{name} ist Mitglied; nur externe Gäste brauchen einen Bürgen.",
    "error.already_external": "{name} ist bereits externer Gast.",
    "error.already_vouched.self": "Du bürgst bereits für {name}.",
    "error.already_vouched.other": "{voucher} bürgt bereits für {name}.",
    "error.not_vouching": "Du bürgst nicht für {name}.",
    "error.too_many_vouchees": "Du bürgst bereits für {limit} Gäste, das Maximum.",
    "error.still_vouching": "{name} bürgt noch für {vouchees} Gäste; das muss erst enden.",
    "error.cannot_accept_history.code": (
        "Nur Befunde über Geschichte, die ältere Software schreiben durfte, lassen sich "
        "akzeptieren, nicht {code}."
    ),
    "error.cannot_accept_history.future": (
        "Der Stichtag {cutoff} liegt nicht in der Vergangenheit; akzeptieren lässt sich nur "
        "Geschichte."
    ),
    "error.cannot_accept_history.nothing": (
        "Vor {cutoff} liegt kein noch nicht akzeptierter Befund {code}; es wurde nichts "
        "festgehalten."
    ),
    "error.idempotency_conflict": (
        "Diese Anfrage wurde schon für etwas anderes verwendet; bitte sende sie noch einmal."
    ),
    "error.generic": (
        "Das geht nicht. Wenn du meinst, es sollte gehen, sag bitte einem Admin Bescheid."
    ),
    "error.outcome_unknown": (
        "Ich weiß noch nicht, ob das geklappt hat: Die Datenbank hat beim Speichern nicht mehr "
        "geantwortet. Fehlgeschlagen ist es nicht, es kann gut geklappt haben. Schau in einer "
        "Minute mit /balance nach, bevor du es noch einmal versuchst: Ein neuer Befehl würde "
        "noch einmal zählen."
    ),
    "send.outcome_unknown": (
        "Ich weiß noch nicht, ob das Geld gesendet wurde: Die Datenbank hat nicht mehr "
        "geantwortet. Noch einmal Bestätigen zu drücken ist sicher: Es wird nie doppelt gesendet."
    ),
    "cli.outcome_unknown": (
        "Das Ergebnis ist noch nicht bekannt: Die Datenbank hat nicht mehr geantwortet, während "
        "{operation} gespeichert wurde. Es kann passiert sein; denselben Befehl noch einmal "
        "auszuführen ist sicher."
    ),
    "cli.unknown_user": "Es gibt keinen Benutzer {ref}.",
    "error.person.you": "du",
    "error.action.send": "Geld senden",
    "error.action.receive": "Geld empfangen",
    "error.action.vote": "abstimmen",
    "error.action.request_payment": "Zahlungen anfragen",
    "error.action.start_communism": "Kommunismen starten",
    "error.action.join_communism": "bei Kommunismen mitmachen",
    "error.action.consume": "etwas kaufen",
    "error.action.vouch": "für andere bürgen",
    "error.action.be_vouched": "einen Bürgen haben",
    "error.action.make_internal": "zum Mitglied werden",
    "error.action.make_external": "zum externen Gast werden",
    "error.action.activate": "aktiviert werden",
    "error.action.deactivate": "deaktiviert werden",
    "error.action.grant_vote": "das Stimmrecht vergeben oder entziehen",
    "error.action.activate_members": "Mitglieder aktivieren oder deaktivieren",
    "error.action.set_membership": "Leute zu Mitgliedern oder externen Gästen machen",
    "error.action.close_collective": "Zahlungsanfragen und Kommunismen anderer schließen",
    "error.action.hold_role": "eine Rolle haben",
    "error.action.other": "das tun",
}
