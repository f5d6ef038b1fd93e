"""How reading time and peak memory grow with the size of one plain-text file.

Each size is a file made by concatenating archive documents (``../shared/scale/docs-2000.tar.xz``,
unpacked once to a temporary folder, or ``--docs DIR``) until it holds that many bytes; each is
read in a fresh child process, so that its peak resident memory (``ru_maxrss``) is its own.
Two readings:

* ``sentences``: what ``baocao read FILE`` does (``words=False``: no word segmentation);
* ``words``: with underthesea's word segmentation, as ``read --format json``, ``classify`` and
  ``index add`` need — about 20 times slower, so only up to ``--words-up-to`` bytes.

The cost per character (µs) must stay flat from the smallest size to the largest: a growing
figure means something superlinear.  The machine may be shared: time only means something
beside the other sizes of the same run.

    python scripts/bench_read_sizes.py                          # 0.1, 1, 5 and 20 MB
    python scripts/bench_read_sizes.py --sizes 0.1 1 --words-up-to 1
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO.parent / "shared" / "scale" / "docs-2000.tar.xz"

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
import nlp
from nlp.reader.words import segment
segment("Khởi động.")  # load the segmenter before timing
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
report = nlp.read_report(sys.argv[1], words=sys.argv[2] == "words", max_size=10**10)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "sentences": len(report.sentences),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "base_mb": before / 1024}))
"""


def documents(folder: Path | None) -> list[str]:
    """The texts of the archive documents, in name order."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="bench-sizes-"))
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(folder, filter="data")
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt"))
    if not files:
        sys.exit(f"no .md or .txt documents under {folder}")
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def make_file(texts: list[str], size: int, path: Path) -> Path:
    """Concatenate ``texts`` (again from the start when they run out) up to ``size`` bytes."""
    out, total, n = [], 0, 0
    while total < size:
        piece = texts[n % len(texts)].encode("utf-8")[:size - total]
        out.append(piece.decode("utf-8", errors="ignore") + "\n\n")
        total += len(piece) + 2
        n += 1
    path.write_text("".join(out), encoding="utf-8")
    return path


def measure(path: Path, mode: str) -> dict:
    run = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode, str(REPO)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1, 5, 20],
                        metavar="MB")
    parser.add_argument("--words-up-to", type=float, default=1.0, metavar="MB",
                        help="segment words only for files up to this size (default 1)")
    parser.add_argument("--docs", type=Path, help="folder of documents (default: the archive)")
    args = parser.parse_args()
    texts = documents(args.docs)
    print(f"{'mode':9} {'MB':>6} {'chars':>10} {'sentences':>9} {'seconds':>8} "
          f"{'us/char':>8} {'peak MB':>8} {'+MB':>7}")
    with tempfile.TemporaryDirectory() as scratch:
        for megabytes in args.sizes:
            path = make_file(texts, int(megabytes * 1_000_000), Path(scratch) / "big.txt")
            chars = len(path.read_text(encoding="utf-8"))
            for mode in ("sentences", "words"):
                if mode == "words" and megabytes > args.words_up_to:
                    continue
                row = measure(path, mode)
                print(f"{mode:9} {megabytes:6.1f} {chars:10d} {row['sentences']:9d} "
                      f"{row['seconds']:8.2f} {row['seconds'] / chars * 1e6:8.2f} "
                      f"{row['peak_mb']:8.0f} {row['peak_mb'] - row['base_mb']:7.0f}",
                      flush=True)


if __name__ == "__main__":
    main()
