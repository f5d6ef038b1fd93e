"""Every page of ``baocao serve`` and every error it shows, through Flask's test client over a
real index (the bundled report and one whose sentences hold HTML)."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

BAD_QUERY = "Error: bad query 'a AND': AND needs something on both sides"


def page(response) -> str:
    """The response's HTML as text a reader sees (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def report_links(body: str) -> list[str]:
    return re.findall(r'href="(/report/[0-9a-f]{64}#s\d+)"', body)


def test_home_redirects_to_the_search_page(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/search")


def test_empty_search_page_is_vietnamese_and_lists_the_reports(client):
    body = page(client.get("/search"))
    assert "Tìm kiếm" in body and "Có 2 báo cáo trong chỉ mục" in body
    for name in ("Kết quả", "Hạn chế", "Nguyên nhân", "Khác"):
        assert f">{name}</option>" in body
    assert "http://" not in body and "https://" not in body  # nothing fetched from elsewhere


def test_query_without_diacritics_highlights_the_words_with_diacritics(client):
    body = page(client.get("/search?q=tinh+gian+bien+che"))
    assert re.search(r"<mark>tinh giản biên chế</mark>", body, re.IGNORECASE)
    assert "39,9% kế hoạch" in body
    assert "401-BC/BDV-BCSDUBND" in body and "2019-05-27" in body and "Kiên Giang" in body
    assert report_links(body)
    total = int(re.search(r"<strong>(\d+)</strong> câu phù hợp", body).group(1))
    counts = [int(n) for n in re.findall(r'class="count label-\w+"[^>]*>[^<:]+: (\d+)<', body)]
    assert total > 0 and sum(counts) == total


def test_label_filter_by_vietnamese_name_keeps_the_counts_of_every_label(client):
    body = page(client.get("/search?q=tinh+gian+bien+che&label=han-che"))
    badges = re.findall(r'<span class="badge label-(\w+)">', body)
    assert badges and set(badges) == {"limitation"}
    assert '<option value="limitation" selected>' in body
    assert re.search(r'label-achievement"[^>]*>Kết quả: \d+<', body)  # the other labels' counts
    assert "Bỏ lọc loại câu" in body


@pytest.mark.parametrize("args, kept", [
    ("year=2019", True), ("year=2021", False), ("province=kien+giang", True),
    ("province=An+Giang", False), ("type=bao+cao", True), ("type=KẾ+HOẠCH", False),
], ids=["year", "other-year", "province", "other-province", "type", "other-type"])
def test_filters_in_the_url(client, args, kept):
    # "tiếp dân": neither syllable is in the An Giang report, so no back-off reaches it (the
    # folded "cong" of "tiếp công dân" is in its "công tác" and "cổng thông tin").
    body = page(client.get(f"/search?q=tiep+dan&{args}"))
    assert bool(report_links(body)) is kept
    assert ("Không có câu nào phù hợp" in body) is not kept


def test_report_filter_takes_an_id_from_the_index(client):
    body = page(client.get("/search?q=cham"))
    ids = set(re.findall(r'<option value="([0-9a-f]{64})"', body))
    hostile = next(i for i in ids if "An Giang" in page(client.get(f"/report/{i}")))
    narrowed = page(client.get(f"/search?q=cham&report={hostile}"))
    assert {link.split("#")[0] for link in report_links(narrowed)} == {f"/report/{hostile}"}
    assert client.get(f"/search?q=cham&report={'0' * 64}").status_code == 404


def test_pagination_moves_through_the_hits(client):
    first = page(client.get("/search?q=cong+tac"))
    assert 'href="/search?q=cong+tac&amp;page=2"' in html.escape(first) or \
        "/search?q=cong+tac&page=2" in first
    second = page(client.get("/search?q=cong+tac&page=2"))
    assert '<ol class="hits" start="21">' in second
    assert not set(report_links(first)) & set(report_links(second))


def test_html_in_a_report_is_shown_as_text(client):
    raw = client.get("/search?q=cap+nhat+du+lieu").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in raw
    assert "<script" not in raw and "<b>một cửa</b>" not in raw
    report = client.get(report_links(page(client.get("/search?q=cap+nhat+du+lieu")))[0]
                        .split("#")[0]).get_data(as_text=True)
    assert "&lt;script&gt;" in report and "<script" not in report


def test_report_page_shows_metadata_tree_and_every_labelled_sentence(client):
    link = report_links(page(client.get("/search?q=tinh+gian+bien+che")))[0]
    path, anchor = link.split("#")
    body = page(client.get(path))
    assert "401-BC/BDV-BCSDUBND" in body and "Kiên Giang" in body and "Mục lục" in body
    assert f'id="{anchor}"' in body
    sentences = re.findall(r'<p id="s\d+" class="sentence label-(\w+)">', body)
    assert len(sentences) > 50 and {"achievement", "limitation", "other"} <= set(sentences)
    assert re.search(r'class="depth-1"><a href="#s\d+">', body)


def test_report_page_filters_to_limitations_and_causes(client):
    path = report_links(page(client.get("/search?q=tinh+gian+bien+che")))[0].split("#")[0]
    body = page(client.get(path + "?only=focus"))
    labels = re.findall(r'<p id="s\d+" class="sentence label-(\w+)">', body)
    assert labels and set(labels) <= {"limitation", "cause"} and "limitation" in labels
    assert "Hiện mọi câu" in body


@pytest.mark.parametrize("report_id, message", [
    ("0" * 64, "no such report in the index"), ("abc", "no such report in the index"),
    ("..%2F..%2Fetc%2Fpasswd", "Không tìm thấy trang"), ("%2Fetc%2Fpasswd", "Không tìm thấy"),
], ids=["unknown", "short", "dots", "abs"])
def test_only_reports_in_the_index_open(client, report_id, message):
    response = client.get(f"/report/{report_id}")
    assert response.status_code == 404
    assert message in page(response) and "root:" not in page(response)


@pytest.mark.parametrize("url, status, message", [
    ("/search?q=a+AND", 400, BAD_QUERY),
    ('/search?q="cải+cách', 400, "Error: unclosed quote in '\"cải cách' — close the phrase "
                                 "with \""),
    ("/search?q=x&year=hai", 400, "Error: year must be a whole number, got 'hai'"),
    ("/search?q=x&page=0", 400, "Error: page must be at least 1, got 0"),
    ("/search?q=x&page=51", 400, "Error: page must be at most 50 — narrow the query"),
    ("/search?q=x&label=thanh-tich", 400, "Error: unknown label 'thanh-tich'; expected one of "
     "achievement (Kết quả), limitation (Hạn chế), cause (Nguyên nhân), other (Khác)"),
    ("/trends?q=a+AND", 400, BAD_QUERY), ("/export.csv?q=a+AND", 400, BAD_QUERY),
    ("/export.csv", 400, "Error: empty query — type the words to search for"),
    ("/nowhere", 404, "Không tìm thấy trang"),
], ids=["syntax", "quote", "year", "page-0", "page-51", "label", "trends", "export",
        "export-empty", "404"])
def test_errors_are_pages_with_a_status_and_the_cli_message(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    body = page(response)
    assert message in body and "Traceback" not in body


def test_bad_query_message_is_the_cli_line(client, cli, web_index):
    line = cli("search", "a AND", "--index", web_index).stderr.strip()
    assert line == BAD_QUERY
    assert f'<p class="error">{line}</p>' in page(client.get("/search?q=a+AND"))


def test_unexpected_error_is_a_500_page_without_a_traceback(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.config["INDEX_VIEW"], "search", broken)
    response = client.get("/search?q=x")
    assert response.status_code == 500
    assert "Lỗi máy chủ" in page(response) and "secret internals" not in page(response)


def test_missing_index_is_a_page_with_the_cli_message(tmp_path):
    from baocao.web import create_app

    app = create_app(tmp_path / "none")
    response = app.test_client().get("/search?q=x")
    app.config["INDEX_VIEW"].close()
    assert response.status_code == 500
    assert f"Error: no index at {tmp_path / 'none'} — run 'baocao index add FOLDER' first" in \
        page(response)


def test_trends_count_by_year_and_place(client):
    body = page(client.get("/trends?q=cham"))
    assert "Theo năm" in body and "Theo tỉnh/địa phương" in body
    years = dict(re.findall(r"<tr><td>(\d{4})</td><td class=\"n\">(\d+)</td>", body))
    assert set(years) == {"2019", "2021"} and all(int(n) > 0 for n in years.values())
    assert re.search(r"<tr><td>Kiên Giang</td><td class=\"n\">\d+</td>", body)
    only_2021 = page(client.get("/trends?q=cham&year=2021"))
    assert re.findall(r"<tr><td>(\d{4})</td>", only_2021) == ["2021"]


def test_trends_page_counts_what_search_finds(client, web_index):
    # The page shows `baocao trends`: its total is every matching sentence, as search --limit 0.
    import index

    body = page(client.get("/trends?q=tiep+cong+dan"))
    found = index.search(web_index, "tiep cong dan", limit=0)
    sources = {hit.source for hit in found.hits}
    assert f"{len(found.hits)} câu phù hợp, trong {len(sources)} trên " in body


def test_export_is_excel_ready_csv_of_the_search(client):
    response = client.get("/export.csv?q=tinh+gian+bien+che&label=limitation")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and {row["label"] for row in rows} == {"limitation"}
    assert any("tinh giản biên chế" in row["text"].lower() for row in rows)


def test_many_reports_search_within_one_from_its_page(app, client):
    app.jinja_env.globals["report_choices"] = 1  # the two indexed reports are "many"
    assert '<select name="report">' not in page(client.get("/search?q=cham"))
    path = report_links(page(client.get("/search?q=tinh+gian+bien+che")))[0].split("#")[0]
    report_page = page(client.get(path))
    report_id = path.rsplit("/", 1)[1]
    assert f'<input type="hidden" name="report" value="{report_id}">' in report_page
    within = page(client.get(f"/search?q=cham&report={report_id}"))
    assert {link.split("#")[0] for link in report_links(within)} == {path}
    assert f'<input type="hidden" name="report" value="{report_id}">' in within
    assert "Chỉ trong một báo cáo" in within and "/search?q=cham\">bỏ lọc" in within
