import sys

from evidence_dashboard.cli import main

sys.exit(main())
