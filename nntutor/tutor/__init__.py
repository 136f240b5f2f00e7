"""The application layer shared by the front ends (the TUI, the CLI commands, the server).

An exercise session (check, hints, reveal, record), progress across lessons, and the words
that keep an exercise from handing over its answer. No Textual here: screens call down into
these modules and show what they return.
"""
