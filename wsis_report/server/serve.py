"""Starting and stopping the page: waitress serves it until Ctrl+C or SIGTERM, and every
upload, job and LibreOffice it started goes with it.

waitress reads each request whole, within its limits, before a thread handles it, so a slow
or oversized upload never holds a thread: a body larger than the limit is refused (413) from
its Content-Length or as it arrives, and a connection silent for a minute is closed.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Sequence, TextIO

from .guard import Refused, make_token
from .settings import Settings


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report serve",
        description="Serve the editors' page: upload workbooks in a browser, read every "
                    "problem at its cell, take the annotated copy, see what the upload "
                    "would change in each document, with a preview.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this computer only); "
                             "any other needs the token printed at start")
    parser.add_argument("--port", type=int, default=8000,
                        help="port to listen on (default: 8000; 0: any free port)")
    parser.add_argument("--inputs", type=Path, default=Path("inputs"), metavar="FOLDER",
                        help="the workbooks an upload is checked with (default: ./inputs); "
                             "never written")
    parser.add_argument("--templates", type=Path, default=Path("templates"), metavar="FOLDER",
                        help="templates for the house style and the preview "
                             "(default: ./templates)")
    parser.add_argument("--out", type=Path, default=Path("dist"), metavar="FOLDER",
                        help="the last builds, which an upload's changes are compared with "
                             "(default: ./dist); never written")
    return parser


def main(argv: Sequence[str]) -> int:
    """``make-report serve``: arguments checked, then the page served until stopped."""
    args = parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        print("make-report serve: --port must be between 0 and 65535.", file=sys.stderr)
        return 2
    if not args.inputs.is_dir():
        print(f"make-report serve: --inputs {args.inputs} is not a folder; give the folder "
              "of the workbooks that uploads are checked with.", file=sys.stderr)
        return 1
    return serve(args.inputs, args.templates, args.out, args.host, args.port)


def serve(inputs: Path, templates: Path, out: Path, host: str, port: int,
          say: TextIO = sys.stdout) -> int:
    """Serves the page until stopped; 0, or 1 when it cannot start (said on stderr)."""
    from waitress import create_server

    from ..office.convert import soffice
    from .app import create_app
    from .jobs import Jobs
    from .uploads import Uploads

    try:
        token = make_token(host)
    except Refused as exc:
        print(f"make-report serve: {exc}", file=sys.stderr)
        return 2
    settings = Settings(inputs.resolve(), templates.resolve(), out.resolve(), host, port,
                        token, pdf=soffice() is not None, slots=max(1, min(2, os.cpu_count() or 1)))
    jobs = Jobs(settings.slots, settings.wait_seconds)
    uploads = Uploads(settings.keep_seconds, settings.held, settings.max_file)
    try:
        try:
            late = _Late()  # the application needs the port, which port 0 leaves to the system
            server = create_server(
                late, host=host, port=port, threads=8, channel_timeout=60,
                max_request_body_size=settings.max_request, connection_limit=64,
                clear_untrusted_proxy_headers=True, expose_tracebacks=False, ident="wsis-report")
        except OSError as exc:
            print(f"make-report serve: cannot listen on {host}:{port} ({exc.strerror}). "
                  "Choose another --port, or stop the program that uses it.", file=sys.stderr)
            return 1
        listening = getattr(server, "effective_port", None)
        settings = replace(settings, port=listening if listening is not None
                           else server.effective_listen[0][1])
        late.application = create_app(settings, jobs, uploads)
        jobs.start()
        say.write(_banner(settings))
        say.flush()
        server.run()  # until Ctrl+C or SIGTERM (cli.py makes it a KeyboardInterrupt)
    finally:
        jobs.close()
        uploads.close()
    say.write("Stopped; every upload was removed.\n")
    return 0


class _Late:
    """The WSGI application, given once the server has its port."""

    application = None

    def __call__(self, environ, start_response):
        return self.application(environ, start_response)


def _banner(settings: Settings) -> str:
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    address = f"http://{shown}:{settings.port}/"
    lines = [f"Serving the editors' page on {address}"
             + (f"?token={settings.token}" if settings.token else "")]
    if settings.token:
        lines.append("  Anyone with this address and its token can upload workbooks and read "
                     "the checks: give it only to the editors. The connection is not "
                     "encrypted; across a network, put the page behind HTTPS.")
    lines += [f"  inputs: {settings.inputs}", f"  templates: {settings.templates}",
              f"  builds compared with: {settings.out}",
              "  previews: " + ("Word and PDF (LibreOffice)" if settings.pdf
                                else "Word and text (no LibreOffice here, so no PDF)"),
              "Press Ctrl+C to stop; every upload is then removed."]
    return "\n".join(lines) + "\n"
