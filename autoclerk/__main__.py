"""`python -m autoclerk ...` is the `autoclerk` command (the supervisor starts parts so)."""

from autoclerk.cli import main

main()
