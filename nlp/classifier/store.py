"""Train, save, check and load the classifier model; the default model is built on first use.

The default model lives in the user's cache directory (``$BAOCAO_MODEL_DIR`` overrides it) as
``model.joblib`` beside ``model.joblib.json``, a record of the library versions, the labels, the
hash of the training data and an HMAC of the model's bytes.  The HMAC key is the user's signing
key (:mod:`nlp.keys`), kept in the config folder, *not* beside the model: whoever can write the
model folder still cannot make a file that verifies.  A pickle is code, and a file that does not
verify is refused *before* it is unpickled.  A model signed by someone else verifies once their
key has been put, on purpose, in ``trusted/`` beside the user's key.  The default model is
retrained when the training data or the library versions change (and the classifier's
``metadata["warnings"]`` says why, when the cached one was refused or cannot be saved); a model
given by path is never retrained, only checked, and refused with :class:`~nlp.errors.ModelError`
when it does not match.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import platform
import tempfile
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import BUNDLED_REPORT, CORPUS_DIR

from ..errors import ModelError, ReportError
from ..keys import config_dir, key_id, signing_key, trusted_keys
from ..reader.pipeline import read_report
from ..reader.report import Report
from .labels import LABELS
from .model import DEFAULT_PARAMS, Classifier, fit_classifier
from .training import build_training_set

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

__all__ = ["MODEL_FORMAT", "model_dir", "default_model_path", "load_classifier",
           "train_classifier", "save_model", "load_model", "read_record", "training_fingerprint"]

# 2: modules moved into nlp.reader / nlp.classifier; the cue list and heading rules are fitted
# attributes of the model.
MODEL_FORMAT = 2
_loaded: dict[str, tuple[float | None, Classifier]] = {}


def model_dir() -> Path:
    """Return the directory of the default model: ``$BAOCAO_MODEL_DIR`` or the user cache."""
    explicit = os.environ.get("BAOCAO_MODEL_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir  # only needed without $BAOCAO_MODEL_DIR

    return Path(user_cache_dir("baocao")) / "model"


def default_model_path() -> Path:
    """Return the path of the default model file."""
    return model_dir() / "model.joblib"


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def library_versions() -> dict[str, str]:
    """Return the versions that must match for a saved model to be loaded."""
    # The model's libraries load here, not when "import nlp" does.
    import joblib
    import numpy
    import scipy
    import sklearn
    import underthesea

    return {"format": str(MODEL_FORMAT), "python": platform.python_version(),
            "scikit-learn": sklearn.__version__, "numpy": numpy.__version__,
            "scipy": scipy.__version__, "joblib": joblib.__version__,
            "underthesea": underthesea.__version__}


def package_version() -> str:
    """Return the installed version of baocao ("0+unknown" when it is not installed)."""
    try:
        return metadata.version("baocao")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def training_fingerprint() -> str:
    """Return the sha256 of what a default model is made of: the package version (which stands
    for the code) and every data file of ``corpus/`` (the word lists, examples, bundled report).

    >>> len(training_fingerprint())
    64
    """
    digest = hashlib.sha256(f"baocao {package_version()} format {MODEL_FORMAT}\n".encode())
    for path in sorted([*CORPUS_DIR.glob("*.tsv"), BUNDLED_REPORT], key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def save_model(pipeline: Pipeline, path: str | Path, record: dict) -> Path:
    """Write ``pipeline`` to ``path`` and its signed record beside it; return ``path``."""
    import joblib  # with scikit-learn, loaded only to save or load a model

    path = Path(path)
    buffer = io.BytesIO()
    joblib.dump(pipeline, buffer, compress=3)
    data = buffer.getvalue()
    key = signing_key()
    record = {k: v for k, v in record.items() if k != "warnings"}
    record = dict(record, versions=library_versions(), labels=list(LABELS),
                  sha256=hashlib.sha256(data).hexdigest(), key=key_id(key),
                  hmac=hmac.new(key, data, hashlib.sha256).hexdigest())
    try:
        _atomic_write(path, data)
        _atomic_write(_record_path(path), json.dumps(record, indent=1).encode("utf-8"))
    except OSError as error:
        raise ModelError(f"cannot write the model to {path}: {error.strerror}") from None
    return path


def read_record(path: str | Path) -> dict[str, Any]:
    """Return the record saved beside the model at ``path`` (unchecked: for display only)."""
    try:
        return json.loads(_record_path(Path(path)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ModelError(f"{path} has no readable record — run 'baocao train'") from None


def load_model(path: str | Path) -> tuple[Pipeline, dict[str, Any]]:
    """Return ``(pipeline, record)`` from ``path`` after checking its record and signature."""
    import joblib  # with scikit-learn, loaded only to save or load a model

    path = Path(path)
    if not path.is_file():
        raise ModelError(f"no model at {path} — run 'baocao train --out {path}' to make one")
    try:
        record = json.loads(_record_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ModelError(f"{path} has no valid record ({_record_path(path).name}): baocao did "
                         "not write it — run 'baocao train' to make a model") from None
    _check_record(path, record)
    data = path.read_bytes()
    keys = trusted_keys()
    key = keys.get(str(record.get("key")))
    if key is None:
        raise ModelError(f"{path} is signed with a key you have not trusted (key "
                         f"{record.get('key')}); refusing to load it — to use a model shared "
                         f"with you on purpose, copy its signer's key file into "
                         f"{config_dir() / 'trusted'}/, else run 'baocao train'")
    digest = hmac.new(key, data, hashlib.sha256).hexdigest()
    if not isinstance(record.get("hmac"), str) or not hmac.compare_digest(digest, record["hmac"]):
        raise ModelError(f"{path} was altered since it was signed; refusing to load it — run "
                         "'baocao train' to make a model")
    try:
        return joblib.load(io.BytesIO(data)), record
    except (ModuleNotFoundError, AttributeError) as error:
        # A model pickled before a module moved (nlp.features -> nlp.classifier.features).
        raise ModelError(f"{path} was made by an older baocao ({error}) — run 'baocao train"
                         f"{'' if path == default_model_path() else f' --out {path}'}' to "
                         "rebuild it") from None
    except Exception as error:  # a signed file that still fails to unpickle is damaged
        raise ModelError(f"{path} is damaged ({error}) — run 'baocao train' again") from None


def _check_record(path: Path, record: dict[str, Any]) -> None:
    if not isinstance(record, dict):
        raise ModelError(f"{path}: its record is not a baocao model record")
    if record.get("labels") != list(LABELS):
        raise ModelError(f"{path} predicts labels {record.get('labels')}, not "
                         f"{list(LABELS)} — run 'baocao train' again")
    current = library_versions()
    saved = record.get("versions") or {}
    changed = [f"{name} {saved.get(name, '?')} -> {version}"
               for name, version in current.items() if saved.get(name) != version]
    if changed:
        raise ModelError(f"{path} was written by another version ({', '.join(changed)}) — "
                         "run 'baocao train' again")


def train_classifier(extra_reports: Iterable[Report] = (), out: str | Path | None = None,
                     **params: Any) -> Path:
    """Train on corpus/ plus the weak labels of ``extra_reports``; save to ``out``; return it.

    ``out`` defaults to the default model, which later ``load_classifier()`` calls then use.
    """
    pipeline, record = _fit(extra_reports, params)
    return save_model(pipeline, Path(out) if out else default_model_path(), record)


def _fit(extra_reports: Iterable[Report], params: dict[str, Any]
         ) -> tuple[Pipeline, dict[str, Any]]:
    reports = list(extra_reports)
    params = dict(DEFAULT_PARAMS, **params)
    data = build_training_set(reports)
    pipeline = fit_classifier(data, **params)
    record = {"training_sha256": training_fingerprint(), "params": params,
              "extra_reports": sorted(r.sha256 for r in reports),
              "extra_sources": [r.source for r in reports], "counts": data.counts()}
    return pipeline, record


def load_classifier(path: str | Path | None = None) -> Classifier:
    """Return the :class:`~nlp.classifier.model.Classifier` of ``path`` or the default model.

    The default model is trained from corpus/ the first time (a few seconds) and again when the
    training data or the library versions change; later calls in the process reuse it.
    """
    target = Path(path) if path else default_model_path()
    mtime = target.stat().st_mtime if target.is_file() else None
    cached = _loaded.get(str(target))
    if cached and cached[0] == mtime:
        return cached[1]
    pipeline, record = load_model(target) if path else _load_default(target)
    classifier = Classifier(pipeline, record)
    _loaded[str(target)] = (target.stat().st_mtime if target.is_file() else None, classifier)
    return classifier


def _load_default(target: Path) -> tuple[Pipeline, dict[str, Any]]:
    signing_key()  # a bad key is said at once, not hidden behind a retraining on every run
    warnings = []
    try:
        pipeline, record = load_model(target)
        if record.get("training_sha256") == training_fingerprint():
            return pipeline, record
    except ModelError as error:
        if target.is_file():
            warnings.append(f"the cached model was refused, so it was trained again: {error}")
        record = {}
    pipeline, record = _fit(_reread(record.get("extra_sources", ())), {})
    try:
        save_model(pipeline, target, record)
    except ModelError as error:  # an unwritable cache: use the model trained in memory
        warnings.append(f"{error} — so the model is trained again on every run; set "
                        f"BAOCAO_MODEL_DIR to a writable folder")
    return pipeline, dict(record, warnings=warnings) if warnings else record


def _reread(sources: Iterable[str]) -> Iterator[Report]:
    """Read again the user's reports a retrained default model learnt from (missing: skipped)."""
    for source in sources:
        try:
            yield read_report(source)
        except ReportError:
            continue
