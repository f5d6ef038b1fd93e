"""Classify an uploaded report: labels with scores and reasons, the CLI's messages for refused
files, the size limit, and adding the upload to the index from a temporary folder only."""

from __future__ import annotations

import html
import io
import re

import pytest


def upload(client, name: str, data: bytes, **form):
    return client.post("/classify", data={"file": (io.BytesIO(data), name), **form},
                       content_type="multipart/form-data")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_upload_form(client):
    body = page(client.get("/classify"))
    assert 'type="file"' in body and ".txt,.docx,.pdf" in body and "tối đa 20 MB" in body


def test_uploaded_report_is_shown_by_label_with_scores_and_reasons(client, bundled_report_path):
    response = upload(client, "bao-cao.txt", bundled_report_path.read_bytes())
    assert response.status_code == 200
    body = page(response)
    section = body.split('<section id="limitation"')[1].split("</section>")[0]
    assert "Hạn chế" in section and "39,9% kế hoạch" in section
    assert re.search(r"điểm 0\.\d\d", section) and "Vì: " in section
    counts = dict(re.findall(r'href="#(\w+)">[^<:]+: (\d+)<', body))
    assert set(counts) == {"achievement", "limitation", "cause", "other"}
    assert all(int(n) > 0 for n in counts.values())


@pytest.mark.parametrize("name, data", [
    ("trong.txt", b""), ("english.txt", b"The quick brown fox jumps over the lazy dog.\n"),
    ("hong.docx", b"not a zip at all"), ("anh.pdf", b"\x89PNG\r\n\x1a\n\x00\x00binary"),
], ids=["empty", "not-vietnamese", "bad-docx", "not-pdf"])
def test_refused_files_get_the_cli_message(client, cli, tmp_path, monkeypatch, name, data):
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    expected = cli("classify", name).stderr.strip().splitlines()[-1]
    assert expected.startswith(f"Error: {name}: ")
    response = upload(client, name, data)
    assert response.status_code == 400
    assert f'<p class="error">{expected}</p>' in page(response)


def test_no_file_chosen(client):
    response = client.post("/classify", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Error: no file — choose a .txt, .docx or .pdf report to upload" in page(response)


def test_upload_over_the_size_limit_is_refused(request, web_index, tmp_path,
                                              bundled_report_path):
    from baocao.web import create_app

    app = create_app(web_index, max_upload_mb=0.01, upload_dir=tmp_path / "up")
    request.addfinalizer(app.config["INDEX_VIEW"].close)
    response = upload(app.test_client(), "lon.txt", bundled_report_path.read_bytes() * 2)
    assert response.status_code == 413
    assert "Error: the file is larger than 0.01 MB — upload a smaller file" in page(response)
    assert not (tmp_path / "up").exists() or not any((tmp_path / "up").iterdir())


def test_added_upload_is_searchable_and_kept_only_in_the_upload_folder(request, tmp_path,
                                                                        bundled_report_path):
    import index
    from baocao.web import create_app

    index_dir, uploads = tmp_path / "index", tmp_path / "uploads"
    index.add_reports(index_dir, [bundled_report_path], workers=1)
    app = create_app(index_dir, upload_dir=uploads)
    request.addfinalizer(app.config["INDEX_VIEW"].close)
    client = app.test_client()
    text = bundled_report_path.read_text(encoding="utf-8").replace("Kiên Giang", "Hậu Giang")
    response = upload(client, "../../hau giang.txt", text.encode("utf-8"), add="1")
    body = page(response)
    assert response.status_code == 200 and "Đã thêm vào chỉ mục" in body
    stored = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".txt"]
    assert len(stored) == 1 and stored[0].name == "hau giang.txt"
    assert stored[0].is_relative_to(uploads)
    link = re.search(r'href="(/report/[0-9a-f]{64})"', body).group(1)
    assert "Hậu Giang" in page(client.get(link))
    found = page(client.get("/search?q=tinh+gian+bien+che&province=hau+giang"))
    assert "Hậu Giang" in found and "Không có câu nào phù hợp" not in found


def test_added_upload_goes_to_the_temporary_folder_by_default(request, tmp_path, monkeypatch,
                                                               bundled_report_path):
    import tempfile

    import index
    from baocao.web import create_app

    index_dir, temporary = tmp_path / "index", tmp_path / "tmp"
    temporary.mkdir()
    index.add_reports(index_dir, [bundled_report_path], workers=1)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    app = create_app(index_dir)
    request.addfinalizer(app.config["INDEX_VIEW"].close)
    client = app.test_client()
    assert not any(temporary.iterdir())  # nothing written before an upload is added
    response = upload(client, "mot.txt", b"BAO CAO\n" + bundled_report_path.read_bytes(),
                      add="1")
    assert response.status_code == 200
    stored = list(temporary.rglob("mot.txt"))
    assert len(stored) == 1 and stored[0].parent.parent.name.startswith("baocao-uploads-")
