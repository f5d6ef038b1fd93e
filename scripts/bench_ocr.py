"""OCR throughput: pages per second, and the share of reading time spent in OCR.

The bundled report is written to a PDF (DejaVu Sans, a TrueType font with Vietnamese glyphs),
rasterised at ``--dpi`` and rebuilt as an image-only PDF, as a scanner would make it; then
``nlp.read_report`` reads that scan.  Timed apart inside the read:

* ``ocr``: rendering the scanned pages (PDFium) and running Tesseract on them;
* ``tesseract``: the Tesseract program alone (its share of ``ocr``);
* the rest: the text layer check, normal form, repairs, metadata, sentences, segmentation.

Tesseract runs one thread per page (as in the index's worker processes), so the figure is per
core.  The machine's load slows it: say how loaded it was when quoting the figures.

    python scripts/bench_ocr.py                 # the whole report (13 pages), 300 dpi
    python scripts/bench_ocr.py --pages 3 --dpi 200
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import nlp  # noqa: E402
from nlp.reader import formats, ocr  # noqa: E402

BUNDLED = REPO / "corpus" / "kien-giang-2019-dan-van-chinh-quyen.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_scan(path: Path, dpi: int, pages: int | None) -> int:
    """Write the bundled report as an image-only PDF at ``path``; return its page count."""
    from fpdf import FPDF
    import pypdfium2

    text = FPDF()
    text.add_font("Unicode", fname=str(FONT))
    text.set_font("Unicode", size=12)
    text.add_page()
    for line in BUNDLED.read_text(encoding="utf-8").split("\n"):
        text.multi_cell(0, 6.5, line, new_x="LMARGIN", new_y="NEXT")
    document = pypdfium2.PdfDocument(bytes(text.output()))
    scan = FPDF(unit="pt")
    for number, page in enumerate(document):
        if pages is not None and number >= pages:
            break
        width, height = page.get_size()
        scan.add_page(format=(width, height))
        scan.image(page.render(scale=dpi / 72, grayscale=True).to_pil(), x=0, y=0, w=width,
                   h=height)
    document.close()
    scan.output(str(path))
    return len(scan.pages)


class Timed:
    """Wrap a function and add up the seconds spent in it."""

    def __init__(self, function):
        self.function, self.seconds = function, 0.0

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dpi", type=int, default=300, help="scan and OCR resolution")
    parser.add_argument("--pages", type=int, help="only the first N pages of the report")
    args = parser.parse_args()
    ocr.check_tesseract("bench_ocr")
    nlp.read_text("Khởi động bộ tách từ.")  # load underthesea before timing
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scan.pdf"
        pages = make_scan(path, args.dpi, args.pages)
        whole = Timed(formats.ocr_pdf_pages)
        tesseract = Timed(ocr._ocr_image)
        formats.ocr_pdf_pages, ocr._ocr_image = whole, tesseract
        start = time.perf_counter()
        report = nlp.read_report(path, ocr=ocr.OcrOptions(dpi=args.dpi, time_limit=3600))
        total = time.perf_counter() - start
    confidences = [p.confidence for p in report.pages_ocr]
    print(f"pages OCR'd        {len(report.pages_ocr)} of {pages} at {args.dpi} dpi "
          f"(mean confidence {sum(confidences) / len(confidences):.1f})")
    print(f"reading            {total:.1f} s, {len(report.sentences)} sentences")
    print(f"OCR                {whole.seconds:.1f} s = {len(report.pages_ocr) / whole.seconds:.3f} "
          f"pages/s ({whole.seconds / len(report.pages_ocr):.1f} s a page)")
    print(f"share of reading   OCR {whole.seconds / total:.1%} (Tesseract alone "
          f"{tesseract.seconds / total:.1%}), the rest {1 - whole.seconds / total:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
