"""communitybot: the shared cash of a community, kept in MySQL and run from a Telegram chat."""

__version__ = "0.1.0"

__all__ = ["__version__"]
