"""``baocao serve``: a local web page over the same library calls as the command line."""

from .app import create_app
from .server import make_server

__all__ = ["create_app", "make_server"]
