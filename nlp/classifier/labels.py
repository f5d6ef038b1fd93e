"""The four sentence labels and the rule for sentences that mix them.

* ``achievement`` — something done or attained: plans issued and carried out, targets reached,
  figures that rose, improvements ("Trong năm 2018, có thêm 12 xã đạt chuẩn nông thôn mới").
* ``limitation`` — a shortcoming: a weakness, an unmet target, a persisting problem; the
  language of "chưa", "còn", "chậm", "yếu", "bất cập".
* ``cause`` — why the limitations happened: subjective and objective causes, difficulties and
  circumstances ("Sự lãnh đạo, chỉ đạo ... chưa thường xuyên" under "Nguyên nhân", "do giá nông
  sản không ổn định").
* ``other`` — framing and procedure, and everything that is not an assessment of the past: the
  opening "Thực hiện Kế hoạch số ... báo cáo như sau:", topic leads, legal bases ("Căn cứ ..."),
  tasks and plans for the future ("Tăng cường ...", "cần", "phải", "sẽ", "phấn đấu"), closing
  lines ("Trên đây là báo cáo ...").

**Mixed sentences.**  A sentence that mixes two labels takes the label of its *evaluative
point* — the clause the writer concludes on, usually the one after the contrastive conjunction
("tuy nhiên", "nhưng", "song", "bên cạnh ... vẫn còn"):

* "Chỉ số ... có tăng, nhưng so với điểm chuẩn thì đạt điểm trung bình thấp" → ``limitation``;
* "Mặc dù còn khó khăn, song ... đã hoàn thành kế hoạch" → ``achievement``;
* a limitation that names its cause ("chậm ... do thiếu vốn") stays ``limitation`` unless the
  sentence is *about* the cause ("Nguyên nhân ... là ...", "Do ... nên ...") → ``cause``;
* a task that mentions a problem ("Cần khắc phục tình trạng chậm ...") is a task → ``other``.
"""

from __future__ import annotations

from ..text import folded_key

__all__ = ["LABELS", "VIETNAMESE_NAMES", "check_label", "label_from_name"]

LABELS: tuple[str, ...] = ("achievement", "limitation", "cause", "other")

# The names a Vietnamese reader knows the labels by (the headings of a report's assessment).
VIETNAMESE_NAMES: dict[str, str] = {"achievement": "Kết quả", "limitation": "Hạn chế",
                                    "cause": "Nguyên nhân", "other": "Khác"}


def check_label(label: str) -> str:
    """Return ``label`` if it is one of :data:`LABELS`, else raise ``ValueError``.

    >>> check_label("cause")
    'cause'
    """
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    return label


def _name_key(name: str) -> str:
    # "Hạn chế", "han che", "han-che" and "HẠN_CHẾ" are one name to someone typing it.
    return " ".join(folded_key(name.replace("-", " ").replace("_", " ")).split())


def label_from_name(name: str) -> str:
    """Return the label named ``name``: an English label or its Vietnamese name, typed with or
    without diacritics, spaces or hyphens; raise ``ValueError`` for any other name.

    >>> label_from_name("hạn chế"), label_from_name("han-che"), label_from_name("Nguyên nhân")
    ('limitation', 'limitation', 'cause')
    >>> label_from_name("ket qua"), label_from_name("KHÁC"), label_from_name("cause")
    ('achievement', 'other', 'cause')
    """
    key = _name_key(name)
    for label, vietnamese in VIETNAMESE_NAMES.items():
        if key in (label, _name_key(vietnamese)):
            return label
    names = ", ".join(f"{label} ({vietnamese})" for label, vietnamese in VIETNAMESE_NAMES.items())
    raise ValueError(f"unknown label {name!r}; expected one of {names}")
