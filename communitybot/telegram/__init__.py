"""The python-telegram-bot adapter: handlers, keyboards, the message catalogue, the sandbox."""

__all__: list[str] = []
