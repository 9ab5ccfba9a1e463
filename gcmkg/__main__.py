"""``python -m gcmkg`` is the ``gcmkg`` command."""

from gcmkg.cli import main

main()
