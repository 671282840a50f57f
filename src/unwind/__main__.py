import sys

from unwind.cli import main

sys.exit(main())
