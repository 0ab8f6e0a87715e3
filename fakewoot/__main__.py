from fakewoot.cli import main

raise SystemExit(main())
