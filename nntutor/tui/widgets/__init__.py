"""Textual widgets of the tutor."""
