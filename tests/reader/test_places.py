"""Provinces across the 2025 merger: the table, spellings, and the place of an issuing body."""

from __future__ import annotations

import pytest

from nlp.reader.places import (current_province, former_province, place_from_issuer,
                               province_table, strip_prefix)

# Nghị quyết 202/2025/QH15, Điều 1: each current province and the former ones it was made of.
MERGER = {
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"), "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"), "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"), "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"), "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"), "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"), "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"), "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa – Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"), "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"), "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"), "An Giang": ("An Giang", "Kiên Giang"),
    "Hà Nội": ("Hà Nội",), "Huế": ("Thừa Thiên Huế",), "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",), "Sơn La": ("Sơn La",), "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",), "Thanh Hóa": ("Thanh Hóa",), "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",), "Cao Bằng": ("Cao Bằng",),
}
PAIRS = [(former, current) for current, formers in MERGER.items() for former in formers]


def test_the_table_has_63_former_and_34_current_provinces():
    table = province_table()
    assert len(table.former) == 63 == len(set(table.former))
    assert sorted(table.current) == sorted(MERGER)
    assert sorted(table.former) == sorted(former for former, _ in PAIRS)


@pytest.mark.parametrize("former, current", PAIRS, ids=[f for f, _ in PAIRS])
def test_each_former_province_maps_to_its_current_one(former, current):
    assert current_province(former) == current
    assert former_province(former) == former


def test_each_current_province_is_its_own_province():
    for current in MERGER:
        assert current_province(current) == current


@pytest.mark.parametrize("written, former, current", [
    ("TP. Cần Thơ", "Cần Thơ", "Cần Thơ"),
    ("thành phố Cần Thơ", "Cần Thơ", "Cần Thơ"),
    ("tỉnh Kiên Giang", "Kiên Giang", "An Giang"),
    ("Kien Giang", "Kiên Giang", "An Giang"),
    ("KIÊN GIANG", "Kiên Giang", "An Giang"),
    ("Thừa Thiên - Huế", "Thừa Thiên Huế", "Huế"),
    ("Thành phố Huế", "Thừa Thiên Huế", "Huế"),
    ("TP.HCM", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("Tp Hồ Chí Minh", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu", "Hồ Chí Minh"),
    ("Đăk Lăk", "Đắk Lắk", "Đắk Lắk"),
    ("Hoà Bình", "Hòa Bình", "Phú Thọ"),
    ("Kontum", "Kon Tum", "Quảng Ngãi"),
    ("Bắc Cạn", "Bắc Kạn", "Thái Nguyên"),
    ("Ti\u00ea\u0300n Giang", "Tiền Giang", "Đồng Tháp"),  # decomposed (NFD) tone mark
], ids=["tp-dot", "thanh-pho", "tinh", "no-diacritics", "capitals", "thua-thien-dash",
        "thanh-pho-hue", "tp-hcm", "tp-ho-chi-minh", "ba-ria-hyphen", "dak-lak-old-spelling",
        "old-tone-mark", "kontum", "bac-can", "nfd"])
def test_spellings_are_normalised(written, former, current):
    assert former_province(written) == former
    assert current_province(written) == current


@pytest.mark.parametrize("place", ["Rạch Giá", "Nam", "", None, "Giang"],
                         ids=["a-city", "part-of-a-name", "empty", "none", "suffix"])
def test_unknown_places_have_no_province(place):
    assert current_province(place) is None


def test_strip_prefix_keeps_the_place_as_written():
    assert strip_prefix("TP. Cần Thơ") == "Cần Thơ"
    assert strip_prefix("tỉnh Kiên Giang") == "Kiên Giang"
    assert strip_prefix("Kiên Giang") == "Kiên Giang"


@pytest.mark.parametrize("issuer, place", [
    ("UBND TỈNH LONG AN", "Long An"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", "Cần Thơ"),
    ("TỈNH ỦY KIÊN GIANG", "Kiên Giang"),
    ("THÀNH ỦY HÀ NỘI", "Hà Nội"),
    ("SỞ NỘI VỤ TỈNH BÀ RỊA - VŨNG TÀU", "Bà Rịa – Vũng Tàu"),
    ("UBND HUYỆN CHÂU THÀNH", None),
    ("BAN CÁN SỰ ĐẢNG UBND TỈNH", None),
    ("BỘ NỘI VỤ", None),
], ids=["ubnd-tinh", "uy-ban-thanh-pho", "tinh-uy", "thanh-uy", "so-two-part-name",
        "district", "no-name", "ministry"])
def test_place_from_issuer(issuer, place):
    assert place_from_issuer(issuer) == place
