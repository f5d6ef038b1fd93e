"""Shared fixtures: the bundled report and the maintainers' data in ../shared (skipped if absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BAOCAO_SHARED", REPO.parent / "shared"))
BUNDLED_REPORT = REPO / "corpus" / "kien-giang-2019-dan-van-chinh-quyen.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder; tests that need it are skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared data at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def bundled_report_path() -> Path:
    return BUNDLED_REPORT


@pytest.fixture(scope="session")
def bundled_report():
    """The bundled report, read once per test session."""
    import nlp

    return nlp.read_report(BUNDLED_REPORT)


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    """An index of the bundled report, built once per session; tests must not write to it."""
    import index

    directory = tmp_path_factory.mktemp("bundled-index") / "index"
    index.add_reports(directory, [BUNDLED_REPORT], workers=1)
    return directory


@pytest.fixture(scope="session")
def baocao_exe() -> str:
    """The installed ``baocao`` script next to this Python (end-to-end tests run it)."""
    import shutil
    import sys

    exe = Path(sys.executable).parent / "baocao"
    return str(exe) if exe.exists() else shutil.which("baocao") or pytest.skip("no baocao")


@pytest.fixture(scope="session", autouse=True)
def _model_dir(tmp_path_factory):
    """Keep the classifier model of every test out of the user's cache: one per session."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BAOCAO_MODEL_DIR", str(tmp_path_factory.getbasetemp() / "baocao-model"))
    yield
    patch.undo()


# --- scanned pages (OCR) ------------------------------------------------------------------------

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/TTF/DejaVuSans.ttf")


@pytest.fixture(scope="session")
def tesseract_vie() -> str:
    """The ``tesseract`` program with Vietnamese data; tests that need it skip without it."""
    from nlp.errors import OcrUnavailableError
    from nlp.reader.ocr import check_tesseract

    try:
        return check_tesseract("tests")
    except OcrUnavailableError as error:
        pytest.skip(str(error))


def _stamp(image) -> None:
    """Draw a round red stamp and a signature scribble over the lower right of a page."""
    import random

    from PIL import ImageDraw

    draw, width, height = ImageDraw.Draw(image), image.width, image.height
    x, y, r = int(width * 0.7), int(height * 0.8), int(width * 0.09)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=(200, 30, 30), width=r // 12)
    draw.ellipse((x - r // 2, y - r // 2, x + r // 2, y + r // 2), fill=(210, 60, 60))
    rng = random.Random(14)
    points = [(x - r + rng.randrange(2 * r), y - r // 3 + rng.randrange(r)) for _ in range(12)]
    draw.line(points, fill=(20, 20, 120), width=6)


@pytest.fixture(scope="session")
def make_scan():
    """Make an image-only PDF (or PNG page images) of text pages, as a scanner would.

    The text is written to a PDF with a Vietnamese TrueType font, rasterised at ``dpi``, and
    only the pictures are kept; ``stamp`` draws a stamp and a scribble on the last page.
    """
    def make(path: Path, pages: list[list[str]], dpi: int = 300, stamp: bool = False,
             images: bool = False) -> Path | list[Path]:
        from fpdf import FPDF
        import pypdfium2

        font = next((f for f in FONTS if Path(f).is_file()), None) or pytest.skip(
            "no TrueType font with Vietnamese glyphs (apt-get install fonts-dejavu-core)")
        text = FPDF()
        text.add_font("Unicode", fname=font)
        text.set_font("Unicode", size=12)
        for lines in pages:
            text.add_page()
            for line in lines:
                text.multi_cell(0, 6.5, line, new_x="LMARGIN", new_y="NEXT")
        document = pypdfium2.PdfDocument(bytes(text.output()))
        scan, pictures = FPDF(unit="pt"), []
        for number, page in enumerate(document, 1):
            width, height = page.get_size()
            picture = page.render(scale=dpi / 72).to_pil().convert("RGB")
            if stamp and number == len(document):
                _stamp(picture)
            if images:
                pictures.append(path / f"page-{number:02}.png")
                picture.save(pictures[-1], dpi=(dpi, dpi))
            scan.add_page(format=(width, height))
            scan.image(picture, x=0, y=0, w=width, h=height)
        document.close()
        if images:
            return pictures
        scan.output(str(path))
        return path
    return make
