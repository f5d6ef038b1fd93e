"""The user's signing key: what vouches for the model files and index folders baocao wrote.

A pickle is code, so baocao unpickles only files signed (HMAC-SHA256) with a key kept outside
the folders it signs: ``$BAOCAO_CONFIG_DIR/key``, else ``key`` in the user's config directory
(``~/.config/baocao/key`` on Linux), a random 32 bytes of mode 0600 made on first use.  Anyone who
can write a model or index folder, but not this file, cannot make baocao run code.

Trust is given deliberately: a model signed by someone else verifies once their key is copied into
``trusted/`` beside this one (``baocao train --out`` names the key a model was signed with).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from .errors import ModelError

__all__ = ["config_dir", "key_path", "signing_key", "trusted_keys", "key_id", "sign"]

KEY_BYTES = 32


def config_dir() -> Path:
    """The folder of the key: ``$BAOCAO_CONFIG_DIR``, else the user's config directory."""
    explicit = os.environ.get("BAOCAO_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("baocao", appauthor=False))


def key_path() -> Path:
    """The path of this user's signing key."""
    return config_dir() / "key"


def key_id(key: bytes) -> str:
    """A short public name of ``key`` (it reveals nothing of the key)."""
    return hashlib.sha256(b"baocao key id\0" + key).hexdigest()[:16]


def sign(key: bytes, data: bytes) -> str:
    """The HMAC-SHA256 of ``data`` under ``key``, in hex."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _read_key(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise ModelError(f"{path} is not a baocao key ({len(key)} bytes, not {KEY_BYTES}) — "
                         f"delete it (a new one is made), then run 'baocao train' and "
                         f"'baocao index rebuild'")
    return key


def signing_key(create: bool = True) -> bytes:
    """Return this user's key, creating it once (safely between processes) if ``create``."""
    path = key_path()
    try:
        if not path.is_file():
            if not create:
                raise FileNotFoundError(path)
            _new_key(path)
        return _read_key(path)
    except ModelError:
        raise
    except OSError as error:
        raise ModelError(f"cannot create or read the signing key {path}: "
                         f"{error.strerror or error} — set BAOCAO_CONFIG_DIR to a private, "
                         f"writable folder") from None


def trusted_keys() -> dict[str, bytes]:
    """Return ``{key id: key}`` of this user's key and of the keys in ``trusted/``."""
    keys = {}
    own = signing_key()
    keys[key_id(own)] = own
    folder = config_dir() / "trusted"
    for path in sorted(folder.glob("*")) if folder.is_dir() else ():
        try:
            key = _read_key(path)
        except (OSError, ModelError):
            continue  # a stray file there vouches for nothing
        keys[key_id(key)] = key
    return keys


def _new_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key.")  # mode 0600
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(KEY_BYTES))
    try:
        os.link(tmp, path)  # atomic, and never overwrites a key another process made
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
