"""The editors' page: the Flask application, its routes and its refusals.

Plain HTML forms that work without JavaScript. Every form is protected against requests
from other sites (Flask-WTF's CSRF token, in a session cookie that is SameSite=Strict), every
answer carries a policy that allows no script and no outside resource (``guard.py``), and
pages that show an upload are not cached.
"""

from __future__ import annotations

import io
import shutil
import threading
import time
from datetime import datetime
from pathlib import Path

from flask import (Flask, abort, redirect, render_template, request, send_file, url_for)
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from .. import STAGES, __version__
from . import pages, work
from .guard import Access, secure
from .jobs import Busy, Failed, Jobs, TimedOut
from .settings import Settings
from .uploads import ROLES, Preview, TooLarge, Upload, Uploads

BLANK = tuple(spec.filename for spec in ROLES.values())


class Stop(Exception):
    """A refusal shown as a page: its status and the sentence that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def create_app(settings: Settings, jobs: Jobs, uploads: Uploads) -> Flask:
    import secrets

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=settings.max_request,
        MAX_FORM_PARTS=16, SESSION_COOKIE_NAME=f"wsis_report_{settings.port}",
        SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None)  # a form stays good as long as the server runs
    access = Access(settings.port, settings.token)
    token_cookie = f"wsis_report_token_{settings.port}"
    blank_lock = threading.Lock()

    @app.before_request
    def _admit():  # before the CSRF check: an outsider learns nothing else
        refusal = access.verdict(request.host, request.args.get("token"),
                                 request.cookies.get(token_cookie),
                                 request.headers.get("Authorization"))
        if refusal is not None:
            raise Stop(*refusal)
        uploads.sweep()  # what has waited its time goes, whoever asks next
        if settings.token and "token" in request.args and request.method == "GET":
            # Kept in a cookie and taken out of the address, so that it stays out of the
            # browser's history and of any link copied from the page.
            answer = redirect("/" + request.path.lstrip("/"), 303)  # never "//elsewhere"
            answer.set_cookie(token_cookie, settings.token, httponly=True, samesite="Strict")
            return answer
        return None

    CSRFProtect(app)

    @app.after_request
    def _headers(answer):
        if not answer.headers.get("Content-Type", "").startswith("application/pdf"):
            secure(answer.headers.__setitem__)  # the browser's PDF viewer is a plug-in
        if request.endpoint != "static":
            answer.headers["Cache-Control"] = "no-store"
        return answer

    @app.context_processor
    def _common():
        return {"version": __version__, "stages": pages.STAGE_NAMES, "settings": settings}

    @app.get("/")
    def index():
        return render_template("index.html", held=pages.held(settings.inputs))

    @app.post("/check")
    def check_upload():
        files = _files()
        try:
            upload, refused = uploads.receive(files, settings.inputs)
        except TooLarge as exc:
            raise Stop(413, f"The {exc} workbook is larger than "
                       f"{settings.max_file // 2**20} MB, the most the page takes. "
                       "Remove unused rows and formatting and save it again.") from None
        if upload is None:
            return render_template("index.html", held=pages.held(settings.inputs),
                                   refused=pages.refusals(refused)), 422
        try:
            upload.check = jobs.run(
                work.check_upload, (str(upload.inputs), str(settings.templates),
                                    str(settings.out)),
                timeout=settings.check_seconds, memory=settings.check_memory)
        except BaseException:
            uploads.remove(upload.id)
            raise
        return redirect(url_for("result", upload_id=upload.id), 303)

    def _files() -> dict[str, tuple[str, object]]:
        unknown = [name for name in request.files if name not in ROLES]
        if unknown:
            raise Stop(400, "The form has one field for each workbook; this request had "
                       "others. Use the page's form.")
        files = {}
        for role in ROLES:
            chosen = [f for f in request.files.getlist(role) if f.filename]
            if len(chosen) > 1:
                raise Stop(400, f"Give one file as the {role} workbook.")
            if chosen:
                files[role] = (chosen[0].filename, chosen[0].stream)
        if not files:
            raise Stop(400, "Choose at least one workbook to check.")
        return files

    def _upload(upload_id: str) -> Upload:
        upload = uploads.get(upload_id)
        if upload is None or upload.check is None:
            raise Stop(404, "These results are no longer here: an upload is removed "
                       f"{int(settings.keep_seconds // 60)} minutes after its last use, or "
                       "when its editor removes it. Upload the workbooks again.")
        return upload

    @app.get("/u/<upload_id>")
    def result(upload_id: str):
        upload = _upload(upload_id)
        return render_template("result.html", upload=upload, **pages.result(upload))

    @app.get("/u/<upload_id>/annotated/<name>")
    def annotated(upload_id: str, name: str):
        upload = _upload(upload_id)
        if name not in upload.given:
            abort(404)
        folder = upload.path("annotated")
        with upload.lock:  # one editor's two clicks make the copies once
            if upload.annotated is None:
                try:
                    upload.annotated = jobs.run(
                        work.annotate, (str(upload.inputs), str(folder), sorted(upload.given)),
                        timeout=settings.annotate_seconds)
                except (Busy, TimedOut, Failed) as exc:
                    raise Stop(503 if not isinstance(exc, Failed) else 500, pages.job_failure(
                        exc, settings, "the annotated copy")) from None
        copy = next((p for p in folder.glob(f"{Path(name).stem}.annotated.*")), None)
        if copy is None:
            reasons = [r for r in upload.annotated["reasons"] if r.startswith(name)] \
                or [f"{name} has no problems to mark."]
            raise Stop(404, " ".join(reasons))
        return send_file(copy, as_attachment=True, download_name=copy.name)

    @app.get("/u/<upload_id>/workbooks.zip")
    def workbooks(upload_id: str):
        upload = _upload(upload_id)
        if not upload.check["report"]["valid"]:
            raise Stop(409, "The workbooks have errors; the checked set is offered once the "
                       "check finds none.")
        data = pages.checked_set(upload)
        return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name=f"wsis20-workbooks-{datetime.now():%Y-%m-%d}.zip")

    @app.post("/u/<upload_id>/preview/<stage>")
    def start_preview(upload_id: str, stage: str):
        upload = _upload(upload_id)
        if stage not in STAGES:
            abort(404)
        _start_preview(upload, stage)
        return redirect(url_for("preview", upload_id=upload_id, stage=stage), 303)

    def _start_preview(upload: Upload, stage: str) -> None:
        with upload.lock:
            current = upload.previews.get(stage)
            if current is not None and current.running:
                return
            preview = upload.previews[stage] = Preview(time.monotonic())
        args = (str(upload.inputs), str(settings.templates),
                str(upload.path(f"preview-{stage}")), stage, settings.pdf)

        def build() -> None:
            try:
                preview.answer = jobs.run(work.preview, args, timeout=settings.preview_seconds,
                                          wait=settings.preview_seconds)
            except (Busy, TimedOut, Failed) as exc:
                preview.failure = pages.job_failure(exc, settings, "the preview")
            if upload.removed:
                uploads.discard(upload)

        threading.Thread(target=build, name=f"preview-{stage}", daemon=True).start()

    @app.get("/u/<upload_id>/preview/<stage>")
    def preview(upload_id: str, stage: str):
        upload = _upload(upload_id)
        state = upload.previews.get(stage) if stage in STAGES else None
        if state is None:
            abort(404)
        return render_template("preview.html", upload=upload, stage=stage, state=state,
                               seconds=int(time.monotonic() - state.started))

    @app.get("/u/<upload_id>/preview/<stage>/<kind>")
    def preview_file(upload_id: str, stage: str, kind: str):
        upload = _upload(upload_id)
        state = upload.previews.get(stage) if stage in STAGES else None
        answer = state.answer if state is not None else None
        name = (answer or {}).get({"pdf": "pdf", "docx": "document"}.get(kind, ""))
        if not name:
            abort(404)
        path = upload.path(f"preview-{stage}") / name
        return send_file(path, as_attachment=kind == "docx",
                         download_name=f"{Path(name).stem}.preview{path.suffix}")

    @app.post("/u/<upload_id>/remove")
    def remove(upload_id: str):
        uploads.remove(upload_id)
        return redirect(url_for("index", removed=1), 303)

    @app.get("/blank/<name>")
    def blank(name: str):
        if name not in BLANK:
            abort(404)
        folder = uploads.root / "blank"
        with blank_lock:  # written once, by `init`, and kept while the server runs
            if not folder.is_dir():
                fresh = uploads.root / "blank-new"
                shutil.rmtree(fresh, ignore_errors=True)  # what a failed attempt left
                jobs.run(work.blank_workbooks, (str(fresh),), timeout=settings.check_seconds)
                fresh.rename(folder)
        return send_file(folder / name, as_attachment=True, download_name=name)

    @app.errorhandler(Stop)
    def _stop(exc: Stop):
        return _page(exc.status, exc.message)

    @app.errorhandler(CSRFError)
    def _forged(exc: CSRFError):
        return _page(400, "This form was not sent from this page, or the server was started "
                          "again since the page was loaded. Load the page again and send the "
                          "form once more.")

    @app.errorhandler(Busy)
    @app.errorhandler(TimedOut)
    @app.errorhandler(Failed)
    def _job(exc: Exception):
        return _page(503 if isinstance(exc, (Busy, TimedOut)) else 500,
                     pages.job_failure(exc, settings, "the check"))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return _page(exc.code or 500, pages.HTTP_MESSAGES.get(exc.code, exc.description),
                     retry=None)

    def _page(status: int, message: str, retry: int | None = 30):
        answer = app.make_response((render_template("refused.html", status=status,
                                                    message=message), status))
        if status == 503 and retry:
            answer.headers["Retry-After"] = str(retry)
        return answer

    return app
