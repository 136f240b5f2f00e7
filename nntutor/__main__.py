from nntutor.cli import main

raise SystemExit(main())
