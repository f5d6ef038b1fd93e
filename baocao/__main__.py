"""``python -m baocao``: the same as the ``baocao`` command."""

import sys

from .cli import main

sys.exit(main())
