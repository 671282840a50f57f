import sys

from unwind.cli.main import main

sys.exit(main())
