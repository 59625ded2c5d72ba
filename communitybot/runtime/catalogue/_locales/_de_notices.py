"""German texts of the notices about deposits, reversals, fees and low stock, and of their kinds
in ``/notify`` (see :mod:`._en_notices`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "notice.received.received": (
        "💶 Du hast <b>{amount}</b> von {counterpart}{reason} erhalten. Kontostand: {balance}"
    ),
    "cli.user.notices_not_sent": (
        "{count} Benachrichtigung(en) der Ausgleiche nicht gesendet: "
        "kein telegram_token eingestellt."
    ),
    "notify.kind.deposit": (
        "Bargeld, das für dich eingetragen wurde; Einzahlungen bestätigt, abgelehnt oder wartend"
    ),
    "notify.kind.reversal": "eine deiner Buchungen wurde storniert",
    "notify.kind.fee": "ein Mitgliedsbeitrag wurde abgebucht oder konnte nicht abgebucht werden",
    "notify.kind.low_stock": "ein Artikel geht zur Neige (Kassenwarte)",
    "notice.deposit.deposit": (
        "{counterpart} hat deine Einzahlung über <b>{amount}</b> in die Kasse eingetragen. "
        "Dein Guthaben: <b>{balance}</b>."
    ),
    "notice.deposit.withdraw": (
        "{counterpart} hat eingetragen, dass du <b>{amount}</b> aus der Kasse genommen hast. "
        "Dein Guthaben: <b>{balance}</b>."
    ),
    "notice.deposit.confirmed": (
        "Deine Einzahlung #{id} über <b>{amount}</b> wurde bestätigt. "
        "Dein Guthaben: <b>{balance}</b>."
    ),
    "notice.deposit.rejected": (
        "Deine Einzahlung #{id} über <b>{amount}</b> wurde abgelehnt: es wurde nichts gebucht. "
        "Frag einen Kassenwart nach dem Grund."
    ),
    "notice.deposit.waiting": (
        "{counterpart} hat Einzahlung #{id} über <b>{amount}</b> in die Kasse eingetragen. Wenn "
        "das Geld da ist: <code>/cashbox confirm {id}</code> (oder "
        "<code>/cashbox reject {id}</code>)."
    ),
    "notice.reversal.reversed": (
        "{counterpart} hat Buchung #{original} storniert: {amount} gingen von {sender} zurück an "
        "{receiver} (Buchung #{reversal})."
    ),
    "notice.low_stock.low": "Nur noch {stock} von {subject} übrig: Zeit nachzukaufen.",
    "notice.fee.paid": (
        "💳 Der Beitrag „{subject}“ über <b>{amount}</b> wurde abgebucht. "
        "Dein Guthaben: <b>{balance}</b>."
    ),
    "notice.fee.failed": (
        "💳 Der Beitrag „{subject}“ über <b>{amount}</b> konnte nicht abgebucht werden: "
        "dein Guthaben von <b>{balance}</b> darf nicht weiter sinken. Bitte zahl in die Kasse "
        "ein oder sprich mit einem Kassenwart."
    ),
}
