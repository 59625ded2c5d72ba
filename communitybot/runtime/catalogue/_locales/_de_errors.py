"""German texts of the refusals: one or more keys per domain error class."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "error.person.someone": "diese Person",
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
    "amount.accepted.economy": "5, 5.5 oder 5,50 (höchstens zwei Nachkommastellen, mehr als null)",
    "error.not_found": "{kind} „{ref}“ gibt es nicht.",
    "error.not_found.number": "{kind} #{ref} gibt es nicht.",
    "error.not_found.guild": "Dieser Server gehört zu keiner Wirtschaft.",
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
    "error.unknown_collective": "Es gibt keine Zahlungsanfrage und keinen Kommunismus #{ref}.",
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
    "error.idempotency_conflict": (
        "Diese Anfrage wurde schon für etwas anderes verwendet; bitte sende sie noch einmal."
    ),
    "error.generic": (
        "Das geht nicht. Wenn du meinst, es sollte gehen, sag bitte einem Admin Bescheid."
    ),
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
    "error.outcome_unknown": (
        "Ich weiß noch nicht, ob das geklappt hat: Die Datenbank hat beim Speichern nicht mehr "
        "geantwortet. Fehlgeschlagen ist es nicht, es kann gut geklappt haben. Schau in einer "
        "Minute mit <code>/balance</code> nach, bevor du es noch einmal versuchst: Ein neuer "
        "Befehl würde noch einmal zählen."
    ),
    "cli.outcome_unknown": (
        "Das Ergebnis ist noch nicht bekannt: Die Datenbank hat nicht mehr geantwortet, während "
        "{operation} gespeichert wurde. Es kann passiert sein; denselben Befehl noch einmal "
        "auszuführen ist sicher."
    ),
    "cli.unknown_user": "Es gibt keinen Benutzer {ref}.",
    "kind.account": "Konto",
    "kind.api_key": "API-Schlüssel",
    "kind.application": "Anwendung",
    "kind.bank_note": "Banknote",
    "kind.economy": "Wirtschaft",
    "kind.economy_group": "Wirtschaftsgruppe",
    "kind.exchange": "Umtausch",
    "kind.expense_category": "Ausgabenkategorie",
    "kind.guild": "Server",
    "kind.journal_entry": "Buchung",
    "kind.line_of_credit": "Kreditlinie",
    "kind.payment_authorization": "Zahlungsfreigabe",
    "kind.recurring_transfer": "Dauerauftrag",
    "kind.tax_bracket": "Steuerstufe",
    "kind.transaction": "Buchung",
    "kind.user": "Benutzer",
    # --- economy ---
    "error.not_permitted": (
        "Dir fehlt <code>{permission}</code> {where}; das brauchst du, um {what}."
    ),
    "error.not_permitted.global": "global",
    "error.cannot_delegate": (
        "Du hast <code>{permission}</code> {where} selbst nicht, also kannst du es dort weder "
        "erlauben noch verbieten noch zurücksetzen."
    ),
    "error.permission.OPEN_ACCOUNT": "ein Konto zu eröffnen",
    "error.permission.VIEW_BALANCE": "einen Kontostand zu sehen",
    "error.permission.CLOSE_ACCOUNT": "ein Konto zu schließen oder abzugeben",
    "error.permission.TRANSFER_FUNDS": "von einem Konto zu zahlen",
    "error.permission.CREATE_RECURRING_TRANSFERS": "Daueraufträge einzurichten",
    "error.permission.MANAGE_FUNDS": "Geld zu drucken oder zu entfernen",
    "error.permission.MANAGE_TAX_BRACKETS": "Steuern zu verwalten",
    "error.permission.MANAGE_PERMISSIONS": "Rechte zu ändern",
    "error.permission.MANAGE_ECONOMIES": "Wirtschaften zu verwalten",
    "error.permission.OPEN_SPECIAL_ACCOUNT": "diese Art Konto zu eröffnen",
    "error.permission.LOGIN_AS_ACCOUNT": "als ein Konto zu handeln",
    "error.permission.GOVERNMENT_OFFICIAL": "für die Regierung zu handeln",
    "error.permission.USES_EPHEMERAL": "private Antworten zu bekommen",
    "error.already_exists": "{kind} gibt es schon.",
    "error.already_exists.own_account": "Du hast schon ein Konto in dieser Wirtschaft.",
    "error.already_exists.owner": "{member} hat schon ein Konto in dieser Wirtschaft.",
    "error.already_exists.account": "Ein Konto namens „{name}“ gibt es schon.",
    "error.already_exists.currency_name": (
        "Eine Wirtschaft mit dem Währungsnamen „{value}“ gibt es schon."
    ),
    "error.already_exists.currency_unit": (
        "Eine Wirtschaft mit der Währungseinheit „{value}“ gibt es schon."
    ),
    "error.already_exists.guild": "Dieser Server gehört schon zu einer Wirtschaft.",
    "error.already_exists.tax_bracket": "Eine Steuerstufe namens „{name}“ gibt es schon.",
    "error.invalid_name": (
        "„{name}“ taugt nicht als {kind}: nimm 1 bis {maximum} druckbare Zeichen."
    ),
    "error.name_kind.account": "Kontoname",
    "error.name_kind.currency_name": "Währungsname",
    "error.name_kind.currency_unit": "Währungseinheit",
    "error.name_kind.tax_bracket": "Name einer Steuerstufe",
    "error.name_kind.application": "Name einer Anwendung",
    "error.amount_out_of_range": (
        "{amount} liegt außerhalb des Bereichs von {minimum} bis {maximum}."
    ),
    "error.insufficient_balance": (
        "Nicht genug Geld auf {account}: es hat {balance}, nötig sind {needed}, "
        "und es darf nicht unter {limit} fallen."
    ),
    "error.account_balance_out_of_range": "{account} kann nicht so viel halten.",
    "error.account_closed": "{account} ist geschlossen.",
    "error.account_not_empty": (
        "{account} hat noch {balance}; nur leere Konten lassen sich schließen."
    ),
    "error.account_in_use": "{account} wird noch gebraucht: {by}.",
    "error.account_in_use.tax_bracket": (
        "{account} wird noch von der Steuerstufe „{name}“ gebraucht."
    ),
    "error.in_use_by.bank_note": "eine offene Banknote",
    "error.in_use_by.exchange": "ein Umtausch",
    "error.account_type_forbids": "Konten vom Typ {type} können nicht {operation}.",
    "error.operation.rename": "umbenannt werden",
    "error.operation.transfer_ownership": "den Besitzer wechseln",
    "error.issuance_account_forbidden": (
        "Das Ausgabekonto bewegt Geld nur mit <code>/print</code> und <code>/remove</code>."
    ),
    "error.same_account": "Ein Konto kann nicht an sich selbst zahlen.",
    "error.cross_economy": "Das gehört zu verschiedenen Wirtschaften.",
    "error.economy_not_empty": "Die Wirtschaft hat noch {accounts} Konten mit Geld.",
    "error.guild_owns_economy": (
        "Dieser Server hat seine Wirtschaft gegründet und kann sie nicht verlassen."
    ),
    "error.invalid_scope": "Dieses Recht lässt sich dort nicht setzen: {why}.",
    "error.administrator_exists": "Es gibt schon einen Administrator.",
    "error.invalid_tax_bracket": "Die Steuerstufe „{name}“ geht so nicht: {why}.",
    "error.tax_bracket_rule.name": "ihr Name muss 1 bis 64 Zeichen haben",
    "error.tax_bracket_rule.rate": "der Satz muss zwischen 0 und 100 % liegen",
    "error.tax_bracket_rule.start": "der Anfang muss null oder mehr sein",
    "error.tax_bracket_rule.end": "das Ende muss über dem Anfang liegen",
    "error.tax_bracket_overlap": (
        "Die Steuerstufe „{name}“ überschneidet sich mit „{other}“ "
        "(gleicher Kontotyp und gleiche Steuerart)."
    ),
    "error.invalid_schedule.interval": "Der Abstand muss 1 bis {maximum} Tage betragen.",
    "error.invalid_schedule.payments": "Die Zahl der Zahlungen muss 1 bis {maximum} sein.",
    "error.invalid_api_key": "Dieser API-Schlüssel ist nicht gültig.",
    "error.api_key_unusable": "API-Schlüssel #{id} kann nicht handeln: er ist {why}.",
    "error.invalid_key_spec": "Dieser API-Schlüssel lässt sich nicht anlegen: {why}.",
    "error.spending_limit_exceeded": "API-Schlüssel #{id} darf nur noch {left} ausgeben.",
    "error.invalid_period": (
        "„{period}“ taugt nicht als Steuerzeitraum: nimm 1 bis {maximum} Zeichen."
    ),
    "error.invalid_group": "Diese Änderung der Wirtschaftsgruppe geht nicht: {why}.",
    "error.economy_in_group": "Diese Wirtschaft gehört schon zur Gruppe #{id}.",
    "error.not_in_same_group": (
        "Diese Währungen sind nicht in einer Gruppe und lassen sich nicht tauschen."
    ),
    "error.invalid_exchange_rate": (
        "Ein Wechselkurs besteht aus zwei ganzen Zahlen von 1 bis {maximum}."
    ),
    "error.no_exchange_rate": (
        "Zwischen diesen Währungen gibt es in dieser Richtung keinen Wechselkurs."
    ),
    "error.exchange_too_small": (
        "Dieser Betrag ergibt bei diesem Kurs nichts; tausche mindestens {minimum}."
    ),
    "error.exchange_account_mismatch": (
        "Ein Umtausch bewegt Geld zwischen zwei Konten derselben Person."
    ),
    "error.exchange_reversed": (
        "Umtausch #{id} konnte nicht gutgeschrieben werden ({why}); das Geld ging zurück."
    ),
    "error.invalid_note_code": "Das ist kein gültiger Banknoten-Code.",
    "error.note_not_outstanding": "Banknote #{id} ist schon erledigt ({state}).",
    "error.note_expired": (
        "Banknote #{id} ist abgelaufen; ihr Geld geht an das ausgebende Konto zurück."
    ),
    "error.invalid_note_expiry": "Eine Banknote kann nur in der Zukunft ablaufen.",
    "error.duplicate_expense_category": (
        "Eine Ausgabenkategorie mit {field} „{value}“ gibt es schon."
    ),
    "error.category_field.code": "dem Kürzel",
    "error.category_field.name": "dem Namen",
    "error.duplicate_line_of_credit": "{account} hat schon so eine Kreditlinie.",
    "error.no_line_of_credit": (
        "{member} hat keine offene Kreditlinie auf {account} für „{category}“."
    ),
    "error.credit_limit_exceeded": (
        "Das übersteigt die Kreditlinie: in diesem Zeitraum sind noch {left} übrig."
    ),
    "error.payment_not_categorized": "Eine freigegebene Zahlung braucht eine Ausgabenkategorie.",
    "error.invalid_line_of_credit": "Diese Kreditlinie geht so nicht: {why}.",
    "error.reason.account_outside_economy": "das Konto ist nicht in dieser Wirtschaft",
    "error.reason.account_without_economy": "eine Regel für ein Konto braucht seine Wirtschaft",
    "error.reason.key_rule_outside_key_economy": (
        "die Regeln eines API-Schlüssels bleiben in seiner Wirtschaft"
    ),
    "error.reason.credits_limit": "das Limit liegt außerhalb des Bereichs",
    "error.reason.expensed_credits": "der schon ausgegebene Betrag liegt außerhalb des Bereichs",
    "error.reason.deleted": "gelöscht",
    "error.reason.disabled": "abgeschaltet",
    "error.reason.inactive": "nicht aktiviert",
    "error.reason.terminated": "sie wurde schon beendet",
    "error.reason.grant_needs_account": "ein Grant-Schlüssel braucht ein Konto",
    "error.reason.grant_needs_spending_limit": "ein Grant-Schlüssel braucht ein Ausgabenlimit",
    "error.reason.master_has_no_account": "ein Master-Schlüssel hat kein Konto",
    "error.reason.spending_limit_range": "das Ausgabenlimit liegt außerhalb des Bereichs",
    "error.reason.guild_not_registered": "der Server gehört nicht dazu",
    "error.reason.no_primary_currency": "die Gruppe hat keine Leitwährung",
    "error.reason.only_single_has_guild": "nur eine Ein-Server-Gruppe hat einen Server",
    "error.reason.primary_currency": "das ist die Leitwährung der Gruppe",
    "error.reason.same_currency": "das ist dieselbe Währung",
    "error.reason.single_has_one_guild": "eine Ein-Server-Gruppe hat genau einen Server",
    "error.reason.single_needs_guild": "eine Ein-Server-Gruppe braucht ihren Server",
    "error.failure.InsufficientBalance": "nicht genug Geld",
    "error.failure.LacksPermission": "du darfst von diesem Konto nicht mehr zahlen",
    "error.failure.AccountClosed": "ein Konto ist geschlossen",
    "error.failure.BalanceOutOfRange": "das Zielkonto kann nicht so viel halten",
    "error.failure.ApiKeyUnusable": "sein API-Schlüssel kann nicht mehr handeln",
    "error.failure.SpendingLimitExceeded": "sein API-Schlüssel hat sein Ausgabenlimit erreicht",
    "error.failure.other": "es wurde abgelehnt",
}
