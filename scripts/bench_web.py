"""Benchmark ``baocao serve``: warm latency of the search page through HTTP, and the server's
memory after start; prints figures, asserts nothing.

    python scripts/bench_web.py [--docs /tmp/arch/docs-2000] [--every 10] [--index DIR]

The index is built from every ``--every``-th document (sorted by name) of the unpacked
2,000-document archive (unpacked from ../shared/scale/docs-2000.tar.xz when missing): 200
documents by default, because indexing all 2,000 takes too long on the shared machine; pass
``--every 1`` for the whole archive.  The server runs as a real ``baocao serve`` process on a
free loopback port; each request of the fixed query list of ``bench_index.py`` (five rounds,
after one warm-up round) is timed end to end with a new HTTP connection (issue #13's target:
p95 <= 100 ms on the 2,000 documents).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from bench_index import QUERIES  # noqa: E402  (the same fixed query list)

ARCHIVE = REPO.parent / "shared" / "scale" / "docs-2000.tar.xz"


def documents(folder: Path, every: int) -> list[Path]:
    """Every ``every``-th document of ``folder`` sorted by name, unpacking the archive first."""
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(folder.parent, filter="data")
    return sorted(p for p in folder.iterdir() if p.is_file())[::every]


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: status {response.status}")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("/tmp/arch/docs-2000"))
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--index", type=Path, help="an index to reuse (built if missing)")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "baocao")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index or Path(tmp) / "index"
        files = documents(args.docs, args.every)
        if not (index_dir / "baocao-index.json").exists():
            start = time.perf_counter()
            subprocess.run([exe, "index", "add", "--index", str(index_dir), *map(str, files)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(f"indexed {len(files)} documents in {time.perf_counter() - start:.0f} s")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([exe, "serve", "--index", str(index_dir), "--port", str(port)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            server.stdout.readline()  # printed once the port is bound and the index open
            print(f"server memory after start: {rss_mb(server.pid):.0f} MB RSS")
            urls = [f"http://127.0.0.1:{port}/search?" + urllib.parse.urlencode({"q": q})
                    for q in QUERIES]
            for url in urls:
                timed_get(url)
            times = sorted(timed_get(url) for _ in range(5) for url in urls)
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"warm search page latency over {len(QUERIES)} queries x 5 ({len(files)} "
                  f"documents): p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
                  f"max {times[-1]:.1f} ms")
            print(f"server memory after the searches: {rss_mb(server.pid):.0f} MB RSS")
        finally:
            server.terminate()
            server.communicate(timeout=30)


if __name__ == "__main__":
    main()
