"""The classifier: a :class:`~nlp.reader.report.Report` in; a label per sentence out.

Modules, in data-flow order: ``labels`` (the four labels), ``cues`` (cue matching),
``lexicon`` (the corpus word lists: cues, heading vocabulary, framing phrases), ``context``
(discourse leads and section labels), ``weak_labels`` (heading-derived training labels),
``item`` and ``features`` (what the model sees), ``model`` (the estimator),
``document_prior``, ``training``, ``store`` (the cached, signed model), ``explain``, ``apply``
(classifying a report), ``evaluation`` (metrics against gold).
"""
