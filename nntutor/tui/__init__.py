"""The Textual front end. `make_app` lives in `nntutor.tui.app` (imported lazily by the CLI)."""
