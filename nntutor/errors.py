"""Errors shared by the command line and the front ends."""


class UsageError(Exception):
    """A bad command-line argument or input: shown as one line, exit status 2."""
