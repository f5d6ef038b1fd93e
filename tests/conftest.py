"""Shared fixtures: the bundled report, the maintainers' data in ../shared (skipped if absent),
and the two ways to run the command line: in-process (``cli``) and installed (``baocao_exe``)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
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


# --- the index backends -------------------------------------------------------------------------

BACKENDS = ("whoosh", "postgresql")
POSTGRES_ENV = "BAOCAO_TEST_POSTGRES"  # a server URL .ci/run exports; else one is started here


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a PostgreSQL server for the tests (any database on it; each test makes its
    own): ``$BAOCAO_TEST_POSTGRES``, else a throwaway server started for this session."""
    if os.environ.get(POSTGRES_ENV):
        yield os.environ[POSTGRES_ENV]
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from pg_server import TempServer, bin_dir

    if bin_dir() is None:
        pytest.skip(f"PostgreSQL tests need a server: set {POSTGRES_ENV}, or install Debian's "
                    f"postgresql (no /usr/lib/postgresql/*/bin/initdb here)")
    server = TempServer("tests")
    yield server.url()
    server.stop()


@pytest.fixture(scope="session")
def new_database(postgres_server):
    """A function making a new empty database on the test server; returns its URL."""
    import uuid

    import psycopg

    made = []

    def make() -> str:
        name = f"baocao_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_server, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return _with_database(postgres_server, name)

    yield make
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        for name in made:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _location(backend: str, folder: Path, request) -> str | Path:
    if backend == "whoosh":
        return folder
    return request.getfixturevalue("new_database")()


@pytest.fixture(params=BACKENDS)
def index_location(request, tmp_path):
    """A new empty index of each backend: a folder, or a PostgreSQL database URL."""
    return _location(request.param, tmp_path / "ix", request)


@pytest.fixture(scope="session", params=BACKENDS)
def bundled_location(request, tmp_path_factory):
    """An index of the bundled report on each backend, built once per session; read-only."""
    if request.param == "whoosh":
        return request.getfixturevalue("bundled_index")
    import index

    location = request.getfixturevalue("new_database")()
    index.add_reports(location, [BUNDLED_REPORT], workers=1)
    return location


@pytest.fixture(scope="session")
def baocao_exe() -> str:
    """The installed ``baocao`` script next to this Python (end-to-end tests run it)."""
    import shutil
    import sys

    exe = Path(sys.executable).parent / "baocao"
    return str(exe) if exe.exists() else shutil.which("baocao") or pytest.skip("no baocao")


@pytest.fixture(scope="session", autouse=True)
def _model_dir(tmp_path_factory):
    """Keep the classifier model of every test out of the user's cache: one per session; and
    the signing key (nlp.keys) out of the user's config."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BAOCAO_MODEL_DIR", str(tmp_path_factory.getbasetemp() / "baocao-model"))
    patch.setenv("BAOCAO_CONFIG_DIR", str(tmp_path_factory.getbasetemp() / "baocao-config"))
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))  # synonyms
    yield
    patch.undo()


@dataclass(frozen=True)
class CliResult:
    """What one run of the command line gave: exit code, standard output, standard error."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture()
def cli(monkeypatch):
    """Run ``baocao ARGS...`` in this process (``baocao.cli.main``): the fast way to test the CLI.

    ``cli("search", "x", stdin=b"...", env={"BAOCAO_INDEX": ...})`` returns a :class:`CliResult`;
    usage errors (argparse's ``SystemExit``) give their exit code like the real command.
    """
    from baocao.cli import main

    def run(*args, stdin: bytes | str = b"", env: dict[str, str] | None = None) -> CliResult:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(arg) for arg in args])
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


# Four short reports: two provinces merged into An Giang (one undated, its place read from the
# issuing body), one from Cần Thơ, one without any place.
PLACES_REPORTS = {
    "kien-giang.txt": "UBND TỈNH KIÊN GIANG\n\nSố: 11/BC-UBND\n\nKiên Giang, ngày 3 tháng 4 năm "
                      "2019\n\nBÁO CÁO\n\nCông tác cải cách hành chính\n\nCông tác cải cách "
                      "hành chính được triển khai đồng bộ.\n\nViệc cải cách hành chính ở cấp xã "
                      "còn chậm.\n",
    "an-giang.txt": "UBND TỈNH AN GIANG\n\nSố: 12/BC-UBND\n\nBÁO CÁO\n\nCông tác cải cách hành "
                    "chính\n\nTỉnh đã hoàn thành kế hoạch cải cách hành chính năm 2021.\n",
    "can-tho.txt": "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n\nSố: 13/BC-UBND\n\nTP. Cần Thơ, ngày 5 "
                   "tháng 6 năm 2020\n\nBÁO CÁO\n\nCông tác tiếp công dân\n\nThành phố chưa "
                   "làm tốt cải cách hành chính trong tiếp công dân.\n",
    "no-place.txt": "BÁO CÁO\n\nVề cải cách hành chính\n\nCải cách hành chính còn nhiều hạn "
                    "chế do thiếu cán bộ.\n",
}


@pytest.fixture(scope="session")
def places_index(tmp_path_factory) -> Path:
    """An index of four short reports from An Giang, Kiên Giang, Cần Thơ and nowhere; read-only."""
    import index

    folder = tmp_path_factory.mktemp("places")
    for name, text in PLACES_REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    directory = folder / "index"
    result = index.add_reports(directory, [folder], workers=1)
    assert not result.failed and len(result.added) == 4
    return directory


@pytest.fixture(scope="session", params=BACKENDS)
def places_location(request, tmp_path_factory):
    """``places_index`` on each backend (the same four reports); read-only."""
    if request.param == "whoosh":
        return request.getfixturevalue("places_index")
    import index

    folder = request.getfixturevalue("places_index").parent
    location = request.getfixturevalue("new_database")()
    result = index.add_reports(location, [folder / name for name in PLACES_REPORTS], workers=1)
    assert not result.failed and len(result.added) == 4
    return location


# --- scanned pages (OCR) ------------------------------------------------------------------------

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf")


@pytest.fixture(scope="session")
def tesseract_vie() -> str:
    """The ``tesseract`` program with Vietnamese data; tests that need it skip without it."""
    from nlp.errors import OcrUnavailableError
    from nlp.reader.ocr import check_tesseract

    try:
        return check_tesseract("tests")
    except OcrUnavailableError as error:
        pytest.skip(str(error))


def _stamp(image, font: str) -> None:
    """Stamp a page as an office does: a red ring of rotated letters over the signature block,
    a star in it, and a signature scribble in the gap above the signer's name."""
    import math
    import random

    from PIL import Image, ImageDraw, ImageFont

    draw, width, height = ImageDraw.Draw(image), image.width, image.height
    x, y, r = int(width * 0.5), int(height * 0.25), int(width * 0.07)
    red = (200, 30, 40)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=red, width=r // 20)
    draw.ellipse((x - r * 3 // 4, y - r * 3 // 4, x + r * 3 // 4, y + r * 3 // 4), outline=red,
                 width=r // 30)
    letters = "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG ★ "
    face = ImageFont.truetype(font, r // 6)
    for i, letter in enumerate(letters):
        angle = 2 * math.pi * i / len(letters)
        glyph = Image.new("RGBA", (r // 4, r // 4), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((0, 0), letter, font=face, fill=red)
        glyph = glyph.rotate(-math.degrees(angle), expand=True)
        gx = x + int(0.87 * r * math.sin(angle)) - glyph.width // 2
        gy = y - int(0.87 * r * math.cos(angle)) - glyph.height // 2
        image.paste(glyph, (gx, gy), glyph)
    draw.regular_polygon((x, y, r // 4), 5, fill=red)
    rng = random.Random(14)
    points = [(x + rng.randrange(r), y + r // 3 + rng.randrange(r // 2)) for _ in range(14)]
    draw.line(points, fill=(20, 20, 120), width=5, joint="curve")


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
                _stamp(picture, font)
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
