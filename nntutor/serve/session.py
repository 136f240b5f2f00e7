"""The command textual-serve runs for each browser connection: one tutor for one visitor.

`python -m nntutor.serve.session --data DIR [--lessons-dir DIR]... [--theme NAME]`; the
arguments come from `nntutor serve`, never from the visitor.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nntutor-session")
    parser.add_argument("--data", required=True)
    parser.add_argument("--lessons-dir", action="append", default=[])
    parser.add_argument("--theme", default=None)
    args = parser.parse_args(argv)
    from nntutor.serve.app import ServeApp

    ServeApp(args.data, extra_dirs=args.lessons_dir, theme=args.theme).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
