"""Detect and convert text typed in the legacy 8-bit Vietnamese encodings TCVN3 (ABC) and VNI.

Before Unicode, Vietnamese documents were typed with fonts such as ``.VnTime`` (TCVN3, also
called ABC) or ``VNI-Times``: the bytes are Windows-1252 letters that the font draws as
Vietnamese.  Read as Unicode they look like "B¸o c¸o" (TCVN3) or "Baùo caùo" (VNI).

TCVN3 has one code per toned lower-case letter; the upper-case toned letters were drawn by a
second font (``.VnTimeH``) with the *same* codes, so only Ă Â Đ Ê Ô Ơ Ư keep their case.  VNI
writes a base letter followed by one mark character ("a" + "ù" = "á").

A line is converted only when doing so removes most of its non-Vietnamese Latin-1 characters,
so ordinary Unicode text (even with a stray "©") is never touched, and a document that mixes
Unicode and legacy paragraphs is converted line by line.

>>> to_unicode("B¸o c¸o kÕt qu¶ thùc hiÖn")
'Báo cáo kết quả thực hiện'
>>> to_unicode("Baùo caùo keát quaû thöïc hieän")
'Báo cáo kết quả thực hiện'
>>> to_unicode("Báo cáo kết quả thực hiện")
'Báo cáo kết quả thực hiện'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["detect_encoding", "syllable_score", "to_unicode", "tcvn3_to_unicode",
           "vni_to_unicode",
           "unicode_to_tcvn3", "unicode_to_vni"]

# TCVN3 (ABC) code -> Unicode, one row per base vowel: plain, grave, acute, hook, tilde, dot.
_TCVN3_ROWS = (
    ("a", "aµ¸¶·¹"), ("ă", "¨»¾¼½Æ"), ("â", "©ÇÊÈÉË"), ("e", "eÌÐÎÏÑ"), ("ê", "ªÒÕÓÔÖ"),
    ("i", "i×ÝØÜÞ"), ("o", "oßãáâä"), ("ô", "«åèæçé"), ("ơ", "¬êíëìî"), ("u", "uïóñòô"),
    ("ư", "\xadõøö÷ù"), ("y", "yúýûüþ"),
)
_TCVN3_SINGLE = {"®": "đ", "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư"}

# Combining marks in the order of the rows above (grave, acute, hook, tilde, dot).
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _toned(base: str, tone: int) -> str:
    """``base`` with tone ``tone`` (0 = none, 1..5 = grave, acute, hook, tilde, dot), NFC."""
    return base if tone == 0 else unicodedata.normalize("NFC", base + _TONES[tone - 1])


def _tcvn3_table() -> dict[str, str]:
    table = dict(_TCVN3_SINGLE)
    for base, codes in _TCVN3_ROWS:
        for tone, code in enumerate(codes):
            if not ("a" <= code <= "z"):
                table[code] = _toned(base, tone)
    return table


_TCVN3 = _tcvn3_table()
_TCVN3_TRANS = str.maketrans(_TCVN3)
# The reverse direction keeps the first code for each letter (upper-case toned letters fold
# to lower case, as they did on screen with the .VnTime font).
_TO_TCVN3: dict[str, str] = {}
for _code, _char in _TCVN3.items():
    _TO_TCVN3.setdefault(_char, _code)
    if _char.upper() not in _TCVN3.values():
        _TO_TCVN3.setdefault(_char.upper(), _code)

# VNI: base letter + mark.  Tone marks after a, e, o, u, y, ơ, ư (acute, grave, hook, tilde,
# dot), circumflex and breve forms with their own combined marks, and single-code letters.
_VNI_TONE = "ùøûõï"            # acute, grave, hook, tilde, dot
_VNI_CIRCUMFLEX = "âáàåãä"     # none, acute, grave, hook, tilde, dot
_VNI_BREVE = "êéèúüë"          # none, acute, grave, hook, tilde, dot
_VNI_I = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
_ORDER = (2, 1, 3, 4, 5)       # VNI order acute, grave, ... -> index into _TONES (1-based)


def _vni_table() -> dict[str, str]:
    table = {}

    def add(sequence: str, char: str) -> None:
        table[sequence] = char
        table[sequence.upper()] = char.upper()
        if len(sequence) > 1:  # upper-case base with lower-case marks, as VNI fonts allow
            table[sequence[0].upper() + sequence[1:]] = char.upper()

    for base, vni_base in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"),
                           ("ơ", "ô"), ("ư", "ö")):
        if vni_base != base:
            add(vni_base, base)
        for mark, tone in zip(_VNI_TONE, _ORDER):
            add(vni_base + mark, _toned(base, tone))
    for base in "aeo":
        hat = unicodedata.normalize("NFC", base + "\u0302")
        for mark, tone in zip(_VNI_CIRCUMFLEX, (0, 2, 1, 3, 4, 5)):
            add(base + mark, _toned(hat, tone))
    breve = "ă"
    for mark, tone in zip(_VNI_BREVE, (0, 2, 1, 3, 4, 5)):
        add("a" + mark, _toned(breve, tone))
    for code, char in _VNI_I.items():
        add(code, char)
    add("î", "ỵ")
    add("ñ", "đ")
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))
_TO_VNI: dict[str, str] = {}
for _seq, _char in sorted(_VNI.items(), key=lambda item: item[0]):
    if _seq[0].isupper() == _seq[-1].isupper():
        _TO_VNI.setdefault(_char, _seq)

_VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ")
# Latin-1 characters that never occur in Unicode Vietnamese: the fingerprint of legacy text.
_FOREIGN = re.compile("[" + "".join(
    re.escape(chr(code)) for code in range(0xA1, 0x100)
    if chr(code) not in _VIETNAMESE_LETTERS and chr(code) not in "×÷") + "]")


_MODERN = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                     "\u1ea0-\u1ef9]")


# Letters outside Latin-1 (ư, ơ, đ, ế...) cannot come from an 8-bit font: a Unicode line.
# A vowel followed by a VNI mark ("aù", "eä") never occurs in Unicode Vietnamese.
_VNI_PAIR = re.compile("[aeouyAEOUYôöÔÖ][ùøûõïÙØÛÕÏ]|[aeoAEO][âáàåãäÂÁÀÅÃÄ]|[aA][êéèúüëÊÉÈÚÜË]")


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC, ``.VnTime``) text to Unicode NFC.

    >>> tcvn3_to_unicode("§¶ng bé tØnh Kiªn Giang")
    'Đảng bộ tỉnh Kiên Giang'
    """
    return text.translate(_TCVN3_TRANS)


def vni_to_unicode(text: str) -> str:
    """Convert VNI (``VNI-Times``) text to Unicode NFC.

    >>> vni_to_unicode("Ñaûng boä tænh Kieân Giang")
    'Đảng bộ tỉnh Kiên Giang'
    """
    return _VNI_PATTERN.sub(lambda match: _VNI[match.group(0)], text)


def unicode_to_tcvn3(text: str) -> str:
    """Write Unicode text in TCVN3 (toned capitals become lower case, as the font showed them)."""
    return "".join(_TO_TCVN3.get(char, char) for char in unicodedata.normalize("NFC", text))


def unicode_to_vni(text: str) -> str:
    """Write Unicode text in VNI."""
    return "".join(_TO_VNI.get(char, char) for char in unicodedata.normalize("NFC", text))


_TONE_MARKS = frozenset(_TONES)
_NUCLEI = frozenset((
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ôô ua uâ uê "
    "ui uô uơ uy ưa ưi ươ ưu yê iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu uêu").split())
_VOWEL_RUN = re.compile("[aăâeêioôơuưy]+")
_WORD = re.compile(r"[^\W\d_]+")


def _is_syllable(word: str) -> bool:
    """Whether ``word`` could be a Vietnamese syllable: one tone at most, a known vowel nucleus."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    if bare.startswith("qu") or (bare.startswith("gi") and bare[2:3] in "aăâeêoôơuưy"):
        bare = bare[2:]
    runs = _VOWEL_RUN.findall(bare)
    return len(runs) == 1 and runs[0] in _NUCLEI and not _FOREIGN.search(bare)


def syllable_score(text: str) -> int:
    """Valid minus invalid syllables among the words that have a non-ASCII letter."""
    score = 0
    for word in _WORD.findall(text):
        if not word.isascii():
            score += 1 if _is_syllable(word) else -1
    return score - len(_FOREIGN.findall(text))


def _has_legacy_marks(text: str) -> bool:
    """Whether ``text`` has a character or a letter pair that Unicode Vietnamese never has."""
    return bool(_FOREIGN.search(text) or _VNI_PAIR.search(text))


def detect_encoding(text: str) -> str:
    """Return ``"tcvn3"``, ``"vni"`` or ``"unicode"``: the reading that gives real syllables.

    >>> detect_encoding("Thùc hiÖn"), detect_encoding("Thöïc hieän"), detect_encoding("Thực hiện")
    ('tcvn3', 'vni', 'unicode')
    """
    if _MODERN.search(text) or not _has_legacy_marks(text):
        return "unicode"
    best, best_score = "unicode", syllable_score(text)
    for name, convert in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        score = syllable_score(convert(text))
        if score > best_score:
            best, best_score = name, score
    return best


def to_unicode(text: str) -> str:
    """Convert every TCVN3 or VNI line of ``text`` to Unicode; leave Unicode lines alone."""
    if not _has_legacy_marks(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        encoding = detect_encoding(line)  # "unicode" at once for a line without legacy marks
        if encoding == "tcvn3":
            lines[i] = tcvn3_to_unicode(line)
        elif encoding == "vni":
            lines[i] = vni_to_unicode(line)
    return "\n".join(lines)
