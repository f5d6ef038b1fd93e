"""Throwaway PostgreSQL servers for the tests and benchmarks: initdb into a temporary folder,
listening on a Unix socket only, stopped and deleted by :meth:`TempServer.stop`.

initdb refuses to run as root (CI runs as root), so the server then runs as the ``postgres``
user, with its folder handed over to that user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
# runuser lives in /usr/sbin, which a root shell with a minimal PATH may not search
RUNUSER = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin") or "runuser"


def bin_dir() -> Path | None:
    """The folder of Debian's PostgreSQL binaries (the newest version), or None."""
    return next((d for d in BIN_DIRS if (d / "initdb").exists()), None)


class TempServer:
    """One PostgreSQL cluster in a temporary folder, on a Unix socket in that folder."""

    def __init__(self, name: str = "baocao") -> None:
        binaries = bin_dir()
        if binaries is None:
            raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql")
        self.bin = binaries
        self.root = Path(tempfile.mkdtemp(prefix=f"pg-{name}-"))
        self.data, self.socket = self.root / "data", self.root / "socket"
        self.socket.mkdir()
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else os.environ.get("USER", "postgres")
        if self.as_root:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "-A", "trust",
                  "--no-sync", "-E", "UTF8", "--locale=C")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.socket}' "
                   f"-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   f"-c max_connections=60 -c shared_buffers=128MB")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                  "-o", options, "start")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = [RUNUSER, "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd="/")

    def url(self, database: str = "postgres") -> str:
        """A URL of ``database`` on this server (the socket folder as the host)."""
        return f"postgresql://{self.user}@/{database}?host={self.socket}"

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


if __name__ == "__main__":  # start one for a shell (.ci/run): print its URL and folder
    import sys

    server = TempServer(sys.argv[1] if len(sys.argv) > 1 else "ci")
    print(server.url(), server.root)
