"""The reader: a file in; a :class:`Report` (metadata, sections, sentences, words) out.

Steps, in data-flow order: ``formats`` (bytes of .txt/.docx/.pdf to text), ``legacy`` (TCVN3 and
VNI to Unicode), ``repair`` (page breaks, hyphenation, running headers), ``metadata`` (header,
signature block, recipients), ``structure`` (the section tree), ``sentences`` and ``words``
(underthesea), ``report`` (the values), and ``pipeline``, which chains them; ``ocr`` reads
scanned PDF pages and page images for ``formats``.
"""
