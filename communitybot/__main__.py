"""``python -m communitybot`` runs the command line interface."""

from communitybot.cli import main

raise SystemExit(main())
