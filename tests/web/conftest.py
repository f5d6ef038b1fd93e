"""Fixtures of the web page tests: an index of the bundled report and a report whose text holds
HTML, and the application's test client over it."""

from __future__ import annotations

from pathlib import Path

import pytest

# A short report whose sentences hold markup: the pages must show it as text.
HOSTILE_REPORT = """UBND TỈNH AN GIANG
Số: 12/BC-UBND
An Giang, ngày 5 tháng 3 năm 2021
BÁO CÁO
Kết quả thực hiện công tác thử nghiệm năm 2020
I. KẾT QUẢ ĐẠT ĐƯỢC
Đã hoàn thành việc nâng cấp phần mềm quản lý hồ sơ <b>một cửa</b> tại 15 xã.
II. HẠN CHẾ
Việc cập nhật dữ liệu <script>alert("xss")</script> trên cổng thông tin còn chậm.
Nguyên nhân là do đội ngũ cán bộ kiêm nhiệm còn thiếu kinh nghiệm.
"""


@pytest.fixture(scope="session")
def web_index(tmp_path_factory, bundled_report_path) -> Path:
    """An index of the bundled report and the hostile one; tests must not write to it."""
    import index

    folder = tmp_path_factory.mktemp("web-index")
    hostile = folder / "an-giang-2021-thu-nghiem.txt"
    hostile.write_text(HOSTILE_REPORT, encoding="utf-8")
    index.add_reports(folder / "index", [bundled_report_path, hostile], workers=1)
    return folder / "index"


@pytest.fixture()
def app(web_index, tmp_path):
    from baocao.web import create_app

    application = create_app(web_index, upload_dir=tmp_path / "uploads")
    yield application
    application.config["INDEX_VIEW"].close()


@pytest.fixture()
def client(app):
    return app.test_client()
