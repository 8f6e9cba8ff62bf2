from .dockings import main

raise SystemExit(main())
