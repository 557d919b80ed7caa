"""Kubernetes Secrets mounted as volumes: `<root>/<secret>/<ENV_VAR_NAME>`, one file per field.

Files are read through the directory the kubelet's `..data` link points to at that moment, so one
value never mixes two updates; that target's name is the version id. Every resolved path must
stay under the root (a name or link that escapes it is UNSAFE_PATH). A daemon thread polls the `..data`
links of the secrets read so far and reports the ones that changed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import ErrorCode, SecretsError
from ..resilience.abort import CancelToken
from ..types import FetchRequest, FetchResult, FieldsValue, RawVersion

DATA_LINK = "..data"


class FilesProvider:
    """Reads mounted secrets; `directory_of` maps a secret name to its directory (default: the name)."""

    name = "files"
    max_batch_size = 1_000_000

    def __init__(
        self,
        root: str | os.PathLike[str],
        directory_of: Callable[[str], str] | None = None,
        poll_interval_s: float = 1.0,
    ) -> None:
        self._root = Path(os.path.realpath(root))
        self._directory_of = directory_of or (lambda name: name)
        self._poll_s = poll_interval_s
        self._dirs: dict[str, Path] = {}
        self._links: dict[str, str | None] = {}
        self._plain: dict[str, tuple[int, str]] = {}
        self._listeners: list[Callable[[Sequence[str]], None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def fetch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        if token.cancelled:
            return [FetchResult.failed(token.reason(r.secret.name)) for r in requests]
        return [self._one(r) for r in requests]

    def _inside(self, path: Path) -> bool:
        return path == self._root or self._root in path.parents

    def _one(self, request: FetchRequest) -> FetchResult:
        secret = request.secret.name

        def fail(code: ErrorCode, why: str) -> FetchResult:
            return FetchResult.failed(
                SecretsError(code, f'files: secret "{secret}" {why}', secret=secret, provider="files")
            )

        if request.stage != "current":
            return fail("NOT_FOUND", f"has no {request.stage} version on disk")
        directory = Path(os.path.realpath(self._root / self._directory_of(secret)))
        if not self._inside(directory):
            return fail("UNSAFE_PATH", "has a directory outside the files root")
        link = _read_link(directory / DATA_LINK)
        base = directory
        if link is not None:
            base = Path(os.path.realpath(directory / link))
            if not self._inside(base):
                return fail("UNSAFE_PATH", f"has a {DATA_LINK} link that leaves the files root")
        with self._lock:
            self._dirs[secret] = directory
            self._links[secret] = link
        fields: dict[str, str] = {}
        missing: list[str] = []
        for field in request.secret.fields:
            path = Path(os.path.realpath(base / field.env))
            if not self._inside(path):
                return fail("UNSAFE_PATH", f"has a file {field.env} that leaves the files root")
            try:
                fields[field.key] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                return fail("VALIDATION_FAILED", f"has a file {field.env} that is not UTF-8")
            except OSError as error:
                if error.errno in (errno.EACCES, errno.EPERM):
                    return fail("ACCESS_DENIED", f"cannot read {field.env}")
                if error.errno not in (errno.ENOENT, errno.ENOTDIR):
                    return fail(
                        "UNAVAILABLE", f"cannot read {field.env} ({errno.errorcode.get(error.errno or 0, 'error')})"
                    )
                if field.required and field.default is None:
                    missing.append(field.env)
        if missing:
            return fail("NOT_FOUND", f"has no file {', '.join(missing)} in {directory}")
        self._ensure_watching()
        version = link if link is not None else self._plain_version(secret, fields)
        return FetchResult.of(RawVersion(version_id=version, value=FieldsValue(fields)))

    def _plain_version(self, secret: str, fields: dict[str, str]) -> str:
        """Without `..data`, the version counts content changes seen by this process."""
        digest = hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()
        with self._lock:
            version, seen = self._plain.get(secret, (0, digest))
            version = version + 1 if version == 0 or seen != digest else version
            self._plain[secret] = (version, digest)
        return f"files-{version}"

    def watch(self, on_change: Callable[[Sequence[str]], None]) -> Callable[[], None]:
        """Calls `on_change(names)` when the kubelet swaps a secret's `..data` link."""
        with self._lock:
            self._listeners.append(on_change)

        def stop() -> None:
            with self._lock:
                if on_change in self._listeners:
                    self._listeners.remove(on_change)

        self._ensure_watching()
        return stop

    def _ensure_watching(self) -> None:
        with self._lock:
            if self._thread is not None or not self._listeners or self._stop.is_set():
                return
            self._thread = threading.Thread(target=self._poll, name="locksmith-files-watch", daemon=True)
            self._thread.start()

    def _poll(self) -> None:
        while not self._stop.wait(self._poll_s):
            with self._lock:
                if not self._listeners:
                    # Every watcher unsubscribed (its client closed): the thread ends with them.
                    self._thread = None
                    return
            self.check_links()

    def check_links(self) -> list[str]:
        """Looks at every known `..data` link once and reports those that moved."""
        with self._lock:
            known = list(self._dirs.items())
        changed = []
        for secret, directory in known:
            link = _read_link(directory / DATA_LINK)
            with self._lock:
                if self._links.get(secret) != link:
                    self._links[secret] = link
                    changed.append(secret)
        if changed:
            with self._lock:
                listeners = list(self._listeners)
            for listener in listeners:
                listener(changed)
        return changed

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
            self._listeners.clear()
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def __repr__(self) -> str:
        return f"FilesProvider(root={str(self._root)!r})"


def _read_link(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None
