"""Allow ``python -m aai_tui``."""

from aai_tui.cli import main

raise SystemExit(main())
