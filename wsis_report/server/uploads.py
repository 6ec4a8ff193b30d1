"""Each upload in a private folder of its own, found by a random id, and removed after.

The server keeps every upload under one folder that only its own user may open (made by
``tempfile.mkdtemp``), each in a subfolder named by a random id the server made. The name
a browser gives a file is shown on the page and never reaches a path: a file is saved under
the name of the workbook it was given as (the form has one field per workbook), with the
extension of what it really is (.xlsx or .ods, from its content). An upload is removed when
its editor asks, after ``keep`` seconds unused, when more than ``held`` are kept (the least
recently used first), and, all together, when the server stops.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..inputs.reading.container import WorkbookProblem, inspect
from ..inputs.reading.files import workbook_path
from ..inputs.issues import Issue
from ..inputs.contract.workbooks import CONTRACT

ROLES = {Path(spec.filename).stem: spec for spec in CONTRACT}  # consultations, survey, report
SHOWN_NAME = 200  # characters of the name a browser gave, as the page shows it


class TooLarge(Exception):
    """An upload over the size limit of one workbook."""


@dataclass
class Preview:
    """A stage's document being built from an upload, or built."""

    started: float
    answer: dict[str, Any] | None = None
    failure: str = ""

    @property
    def running(self) -> bool:
        return self.answer is None and not self.failure


@dataclass
class Upload:
    id: str
    folder: Path
    given: dict[str, str]  # workbook name -> the name the browser gave (shown, never used)
    kept: list[str]  # the server's workbooks it was checked with
    created: float = field(default_factory=time.time)
    used: float = field(default_factory=time.monotonic)
    check: dict[str, Any] | None = None  # what work.check_upload answered
    annotated: dict[str, Any] | None = None  # what work.annotate answered, once asked
    removed: bool = False
    previews: dict[str, Preview] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def inputs(self) -> Path:
        return self.folder / "inputs"

    def path(self, part: str) -> Path:
        """A working folder of the upload: "annotated", "preview-draft"…; named by the
        server only."""
        return self.folder / part


class Uploads:
    """The uploads held, by id; thread-safe."""

    def __init__(self, keep: float, held: int, max_bytes: int) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="wsis-report-serve-"))
        self.keep, self.held, self.max_bytes = keep, held, max_bytes
        self._uploads: dict[str, Upload] = {}
        self._lock = threading.Lock()

    def receive(self, files: dict[str, tuple[str, BinaryIO]], server_inputs: Path
                ) -> tuple[Upload | None, list[tuple[str, str, Issue]]]:
        """A new upload of ``files`` (workbook name -> (name given, stream)), with copies of
        the server's other workbooks, once every file has passed the container checks of
        ``check``; otherwise None and each refusal: workbook, name given, problem."""
        name = secrets.token_urlsafe(16)
        upload = Upload(name, self.root / name, {}, [])
        upload.inputs.mkdir(parents=True)
        refused: list[tuple[str, str, Issue]] = []
        try:
            for role, (given, stream) in files.items():
                saved, problem = self._save(upload.inputs, role, stream)
                if problem is not None:
                    refused.append((role, given[:SHOWN_NAME], problem))
                else:
                    upload.given[saved] = given[:SHOWN_NAME]
        except BaseException:
            shutil.rmtree(upload.folder, ignore_errors=True)
            raise
        if refused:
            shutil.rmtree(upload.folder, ignore_errors=True)
            return None, refused
        for role, spec in ROLES.items():
            if role not in files:
                upload.kept += _copy_server_workbook(server_inputs, spec, upload.inputs)
        with self._lock:
            self._uploads[upload.id] = upload
        self.sweep()
        return upload, []

    def _save(self, folder: Path, role: str, stream: BinaryIO) -> tuple[str, Issue | None]:
        """The name the file is saved under, ``role``.xlsx (or .ods, for what is one), or
        the problem the container checks found (nothing else has opened it)."""
        target = folder / f"{role}.xlsx"
        size = 0
        with target.open("wb") as f:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLarge(role)
                f.write(chunk)
        try:
            inspect(target)
        except WorkbookProblem as exc:
            return "", exc.issue
        if _opendocument(target):
            target = target.rename(target.with_suffix(".ods"))
        return target.name, None

    def get(self, upload_id: str) -> Upload | None:
        with self._lock:
            upload = self._uploads.get(upload_id)
            if upload is not None:
                upload.used = time.monotonic()
            return upload

    def remove(self, upload_id: str) -> None:
        """Forgets the upload and removes its folder; a preview being built from it removes
        the folder when it ends (``discard``)."""
        with self._lock:
            upload = self._uploads.pop(upload_id, None)
            if upload is None:
                return
            upload.removed = True
            building = any(p.running for p in upload.previews.values())
        if not building:
            self.discard(upload)

    def discard(self, upload: Upload) -> None:
        shutil.rmtree(upload.folder, ignore_errors=True)

    def sweep(self) -> None:
        """Removes the uploads unused for longer than ``keep``, and the least recently used
        beyond ``held``; one whose preview is being built is left until it is done."""
        now = time.monotonic()
        with self._lock:
            idle = sorted(self._uploads.values(), key=lambda u: u.used)
            busy = {u.id for u in idle if any(p.running for p in u.previews.values())}
            stale = [u for u in idle if u.id not in busy and now - u.used > self.keep]
            over = len(idle) - len(stale) - self.held
            stale += [u for u in idle if u.id not in busy and u not in stale][:max(0, over)]
            for upload in stale:
                del self._uploads[upload.id]
        for upload in stale:
            shutil.rmtree(upload.folder, ignore_errors=True)

    def close(self) -> None:
        """Removes every upload: the server is stopping."""
        with self._lock:
            self._uploads.clear()
        shutil.rmtree(self.root, ignore_errors=True)


def _opendocument(path: Path) -> bool:
    # Only asked of a file the container checks passed: a zip, safe to list.
    with zipfile.ZipFile(path) as z:
        return "mimetype" in z.namelist() and "content.xml" in z.namelist()


def _copy_server_workbook(server_inputs: Path, spec, folder: Path) -> list[str]:
    """The server's copy of the workbook of ``spec``, .xlsx or .ods (both, when both are
    there, so that the check refuses the ambiguity as ``check`` does); the names copied."""
    names = [p.name for p in (server_inputs / spec.filename,
                              server_inputs / Path(spec.filename).with_suffix(".ods").name)
             if p.is_file()]
    if workbook_path(server_inputs, spec) is None:
        return []
    for name in names:
        shutil.copyfile(server_inputs / name, folder / name)
    return names
