"""Benchmark: classify the bundled report in a warm process, and `baocao classify` cold.

Prints sentences per second for ``predict_report`` (words reused from the reader) against
``predict_texts`` on the same sentences (segmented again), the cold command's wall time, and
the figures the issue asks for (< 2 s warm, < 5 s cold).  Run:

    BAOCAO_MODEL_DIR=/tmp/bench-model python scripts/bench_classify.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def best_of(runs: int, function) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    import nlp
    from corpus import BUNDLED_REPORT

    start = time.perf_counter()
    classifier = nlp.load_classifier()
    print(f"load_classifier (train if not cached): {time.perf_counter() - start:.2f} s")
    report = nlp.read_report(BUNDLED_REPORT)
    n = len(report.sentences)
    classifier.predict_report(report)  # warm up
    warm = best_of(5, lambda: classifier.predict_report(report))
    texts = [s.text for s in report.sentences]
    resegment = best_of(3, lambda: classifier.predict_texts(texts))
    print(f"predict_report, warm: {warm:.3f} s for {n} sentences = {n / warm:,.0f} sentences/s "
          f"(target < 2 s)")
    print(f"predict_texts (segments again): {resegment:.3f} s = {n / resegment:,.0f} "
          f"sentences/s; reusing the reader's words is {resegment / warm:.1f}x faster")
    exe = Path(sys.executable).parent / "baocao"
    command = [str(exe), "classify", str(BUNDLED_REPORT)]
    cold = best_of(3, lambda: subprocess.run(command, check=True, capture_output=True,
                                             env=dict(os.environ)))
    print(f"baocao classify (cold process, cached model): {cold:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
