"""``python -m taskzoo`` runs the command line."""

from taskzoo.cli import main

raise SystemExit(main())
