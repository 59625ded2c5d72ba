"""Deutsche Texte der Kasse, der Einzahlungen, Entnahmen, des Rückgängigmachens und der
Stornos (Telegram)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- help ---
    "help.deposit.summary": "Bargeld eintragen, das du in die Kasse gelegt hast",
    "help.deposit.usage": "/deposit Betrag [@person] [Grund]",
    "help.deposit.example": "/deposit 20 Schulden beglichen",
    "help.withdraw.summary": "Bargeld eintragen, das du aus der Kasse genommen hast",
    "help.withdraw.usage": "/withdraw Betrag [@person] [Grund]",
    "help.withdraw.example": "/withdraw 5 Klebeband gekauft",
    "help.cashbox.summary": (
        "was in der Kasse sein sollte; Kassenwarte: zählen, bestätigen, ablehnen"
    ),
    "help.cashbox.usage": "/cashbox [count Betrag [Grund] | confirm Nummer | reject Nummer]",
    "help.cashbox.example": "/cashbox count 123,40 nach der Party",
    "help.undo.summary": (
        "deine letzte Überweisung oder deinen letzten Kauf kurz danach rückgängig machen"
    ),
    "help.undo.usage": "/undo",
    "help.undo.example": "/undo",
    "help.reverse.summary": "eine beliebige Buchung stornieren (Kassenwarte)",
    "help.reverse.usage": "/reverse Buchungsnummer",
    "help.reverse.example": "/reverse 1234",
    # --- deposits and withdrawals ---
    "cash.deposit.waiting": (
        "Einzahlung #{id} über <b>{amount}</b> eingetragen. Sie wartet darauf, dass ein "
        "Kassenwart bestätigt, dass das Geld in der Kasse ist; dann ändert sich dein Guthaben."
    ),
    "cash.deposit.done": (
        "Einzahlung über <b>{amount}</b> gebucht. Dein Guthaben: <b>{balance}</b>."
    ),
    "cash.deposit.done_for": "Einzahlung über <b>{amount}</b> für {name} gebucht.",
    "cash.withdraw.done": "Entnahme über <b>{amount}</b> gebucht. Dein Guthaben: <b>{balance}</b>.",
    "cash.withdraw.done_for": "Entnahme über <b>{amount}</b> für {name} gebucht.",
    "cash.box_now": "In der Kasse sollten jetzt <b>{cash}</b> sein.",
    "cash.confirmed": "Einzahlung #{id} über <b>{amount}</b> für {name} bestätigt.",
    "cash.rejected": "Einzahlung #{id} über <b>{amount}</b> für {name} abgelehnt.",
    "cash.no_amount": "Wie viel? Zum Beispiel <code>/{command} 20</code>.",
    # --- the cash box ---
    "cashbox.holds": "In der Kasse sollten <b>{cash}</b> sein.",
    "cashbox.pending.title": "Einzahlungen, die auf einen Kassenwart warten:",
    "cashbox.pending.line": "#{id} {name}: {amount}{reason}",
    "cashbox.pending.none": "Keine Einzahlung wartet auf einen Kassenwart.",
    "cashbox.pending.hint": (
        "<code>/cashbox confirm Nummer</code> bucht eine, <code>/cashbox reject Nummer</code> "
        "lehnt sie ab."
    ),
    "cashbox.count.same": "Gezählt <b>{counted}</b>: genau das, was in der Kasse sein sollte.",
    "cashbox.count.more": (
        "Gezählt <b>{counted}</b>, erwartet {expected}: <b>{difference}</b> mehr, gebucht als "
        "Buchung #{tx}."
    ),
    "cashbox.count.less": (
        "Gezählt <b>{counted}</b>, erwartet {expected}: <b>{difference}</b> fehlen, gebucht als "
        "Buchung #{tx}."
    ),
    "cashbox.bad_id": (
        "Nenne die Einzahlung mit ihrer Nummer, z. B. <code>/cashbox confirm 12</code>."
    ),
    # --- undo and reversal ---
    "undo.done": (
        "Rückgängig gemacht: Buchung #{original}. {amount} gingen von {sender} zurück an "
        "{receiver} (Buchung #{reversal}). Dein Guthaben: <b>{balance}</b>."
    ),
    "reverse.done": (
        "Buchung #{original} storniert: {amount} gingen von {sender} zurück an {receiver} "
        "(Buchung #{reversal})."
    ),
    "reverse.bad_id": "Nenne die Buchung mit ihrer Nummer, z. B. <code>/reverse 1234</code>.",
    # --- articles ---
    "help.article.summary": "die Artikel der Gemeinschaft verwalten (Kassenwarte)",
    "help.article.usage": (
        "/article [add Name Preis [Emoji] [Beschreibung] | price Name Preis | off Name | "
        "stock Name Anzahl [Warnung] | stock Name off | barcode Name Code | barcode Name off]"
    ),
    "help.article.example": "/article add mate 1,50 🧉 eine Flasche Club-Mate",
    "article.title": "<b>Artikel im Verkauf</b> (Nummer, Preis, verkauft):",
    "article.line": "#{id} {emoji} {name}: {price}, {uses} verkauft",
    "article.line.barcode": "Barcode {barcode}",
    "article.line.stock": "{stock} auf Lager",
    "article.add.done": "Hinzugefügt: {line}",
    "article.price.done": "Neuer Preis: {line}",
    "article.off.done": "Nicht mehr im Verkauf: {line}",
    "article.stock.done": "Bestand gesetzt: {line}",
    "article.barcode.done": "Barcode gesetzt: {line}",
    "article.bad_count": (
        "Anzahlen sind ganze Zahlen, z. B. <code>/article stock mate 24 5</code>."
    ),
    "error.out_of_stock": (
        "Nur noch {stock} von {name} übrig: {count} können nicht verkauft werden."
    ),
    "error.action.manage_articles": "Artikel verwalten",
    "kind.article": "Artikel",
    "error.name_kind.article": "Artikelname",
    "error.name_kind.barcode": "Barcode",
    # --- membership fees ---
    "help.fee.summary": "Mitgliedsbeiträge (Kassenwarte)",
    "help.fee.usage": "/fee [add Betrag [@person | role:Name] Beschreibung | stop Nummer]",
    "help.fee.example": "/fee add 15 Mitgliedsbeitrag",
    "fee.title": "<b>Mitgliedsbeiträge</b>:",
    "fee.none": "Es ist kein Beitrag eingerichtet.",
    "fee.line": "#{id} {amount} alle {days} Tage von {who}: {description} (nächster {due})",
    "fee.who.member": "Mitglied #{id}",
    "fee.who.role": "der Rolle {role}",
    "fee.who.everyone": "allen Mitgliedern",
    "fee.added": "Beitrag eingerichtet: {line}",
    "fee.stopped": "Beitrag beendet: {line}",
    "fee.bad_id": "Nenne den Beitrag mit seiner Nummer, z. B. <code>/fee stop 3</code>.",
    "error.action.manage_fees": "Mitgliedsbeiträge verwalten",
    "kind.fee": "Beitrag",
    # --- refusals ---
    "error.nothing_to_undo": "Du hast nichts gesendet, das ich rückgängig machen könnte.",
    "error.not_undoable.not_own": "Buchung #{id} kannst nicht du rückgängig machen.",
    "error.not_undoable.kind": (
        "Deine letzte Buchung, #{id}, ist keine Überweisung und kein Kauf von dir, darum kannst "
        "du sie nicht rückgängig machen; ein Kassenwart kann sie stornieren."
    ),
    "error.not_undoable.reversal": "Buchung #{id} ist selbst ein Storno; sie bleibt, wie sie ist.",
    "error.undo_window_closed": (
        "Buchung #{id} ist älter als {minutes} Minuten, darum kannst du sie nicht mehr "
        "rückgängig machen; ein Kassenwart kann sie stornieren."
    ),
    "error.already_reversed": "Buchung #{id} wurde schon storniert (Buchung #{reversal}).",
    "error.cash_box_short": (
        "In der Kasse sollten nur {cash} sein, darum können {amount} nicht entnommen werden."
    ),
    "error.deposit_not_pending.confirmed": "Einzahlung #{id} wurde schon bestätigt.",
    "error.deposit_not_pending.rejected": "Einzahlung #{id} wurde schon abgelehnt.",
    "error.action.deposit": "Einzahlungen eintragen",
    "error.action.withdraw": "Entnahmen eintragen",
    "error.action.undo": "Buchungen rückgängig machen",
    "error.action.manage_cash": "die Kasse verwalten",
    "error.action.reverse": "Buchungen stornieren",
    "kind.deposit": "Einzahlung",
}

__all__ = ["MESSAGES"]
