"""Run the web application with waitress, a pure-Python production WSGI server.

Waitress because it is well kept (Pylons project), has no C extension or dependency, runs on
Windows as on Linux, and serves with a small pool of threads: enough for a handful of people
on one machine, which is who ``baocao serve`` is for.  Flask's own server is for development.
"""

from __future__ import annotations

__all__ = ["make_server", "DEFAULT_HOST", "DEFAULT_PORT"]

DEFAULT_HOST = "127.0.0.1"  # only this computer, unless the user says otherwise
DEFAULT_PORT = 8765


def make_server(app, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, threads: int = 4):
    """Return a waitress server bound to ``host``:``port`` (``.run()`` serves until interrupted);
    raises OSError when the port is taken, before anything is announced."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="baocao")
