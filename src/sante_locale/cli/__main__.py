"""``python -m sante_locale.cli``."""

import sys

from sante_locale.cli.main import main

sys.exit(main())
