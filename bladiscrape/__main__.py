import sys

from bladiscrape.cli import main

sys.exit(main())
