"""The classifier: a :class:`~nlp.reader.report.Report` in; a label per sentence out.

Modules, in data-flow order: ``labels`` (the four labels), ``cues`` (cue matching),
``lexicon`` (the corpus word lists: cues, heading vocabulary, framing phrases), ``context``
(discourse leads and section labels), ``weak_labels`` (heading-derived training labels),
``item`` and ``features`` (what the model sees), ``model`` (the estimator), ``turns`` (a
sentence turning to shortcomings labels what follows) and ``section_prior`` (unsure sentences
moved towards their turn's or section's label), ``document_prior``, ``training``, ``store``
(the cached, signed model), ``explain``, ``apply`` (classifying a report), ``evaluation``
(metrics against gold).
"""
