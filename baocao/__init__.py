"""The application layer of baocao: the command line and its renderers, over ``nlp`` and ``index``."""
