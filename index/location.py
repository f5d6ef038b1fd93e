"""Where the index lives: ``--index DIR``, else ``$BAOCAO_INDEX``, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_index_dir", "is_default_location", "ENV_VAR"]

ENV_VAR = "BAOCAO_INDEX"


def default_index_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Return the index directory: ``explicit`` if given, else ``$BAOCAO_INDEX``, else the
    platform's user data directory (``~/.local/share/baocao/index`` on Linux).

    >>> default_index_dir("/tmp/ix").as_posix()
    '/tmp/ix'
    """
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    # platformdirs is imported here only: a search with --index must not pay for it.
    from platformdirs import user_data_dir

    return Path(user_data_dir("baocao", appauthor=False)) / "index"


def is_default_location(explicit: str | os.PathLike | None = None) -> bool:
    """True when neither ``explicit`` nor ``$BAOCAO_INDEX`` chooses the index directory."""
    return not explicit and not os.environ.get(ENV_VAR)
