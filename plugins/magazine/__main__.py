"""``python -m magazine``: see ``magazine.command``."""

from .command import main

raise SystemExit(main())
