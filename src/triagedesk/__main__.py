"""`python -m triagedesk` runs the command line."""

from triagedesk.cli import main

main()
