"""``python -m discuz_extract.cli``: the same as the ``discuz-extract`` command."""

import sys

from . import main

sys.exit(main())
