"""Words of a sentence: underthesea's word segmentation, run once per sentence.

Vietnamese writes syllables, not words, between spaces: "tinh giản biên chế" is two words of
two syllables.  :func:`segment` returns underthesea's words with the spaces inside them
("biên chế"); :attr:`nlp.reader.report.Sentence.syllables` and :attr:`~nlp.reader.report.Sentence.folded`
derive the rest from them.

>>> segment("Thực hiện tinh giản biên chế.")
('Thực hiện', 'tinh giản', 'biên chế', '.')
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["segment", "segment_all"]

_word_tokenize = None


def segment(sentence: str) -> tuple[str, ...]:
    """Return the words of ``sentence`` (NFC text), multi-syllable words with inner spaces."""
    global _word_tokenize
    if _word_tokenize is None:  # loaded on first use so that "import nlp" stays cheap
        from underthesea import word_tokenize

        _word_tokenize = word_tokenize
    return tuple(_word_tokenize(sentence))


_SEGMENTED: dict[str, tuple[str, ...]] = {}


def segment_all(texts: Sequence[str], cache: bool = False) -> list[tuple[str, ...]]:
    """Return the words (:func:`segment`) of each text (NFC), in order.

    With ``cache`` the results are kept for the life of the process: evaluation trains several
    models on the same examples, and segmenting them is most of the cost of training.
    """
    if not cache:
        return [segment(text) for text in texts]
    words = []
    for text in texts:
        if text not in _SEGMENTED:
            if len(_SEGMENTED) > 100_000:
                _SEGMENTED.clear()
            _SEGMENTED[text] = segment(text)
        words.append(_SEGMENTED[text])
    return words
