"""Templates and documents that point outside themselves, built for the tests of
what a build carries (tests/documents/test_external.py) and what LibreOffice
follows (tests/office/test_reach.py); and a local web server that counts requests."""

from __future__ import annotations

import http.server
import io
import re
import threading
import zipfile
from pathlib import Path

import docx
from docx.shared import Mm
from PIL import Image

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def png(colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(out, "PNG")
    return out.getvalue()


def _rewrite(path: Path, change) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def attach_template(path: Path, target: str) -> None:
    """What Word writes for a document based on a template other than Normal."""
    def change(parts):
        rels = parts.get("word/_rels/settings.xml.rels",
                         b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         b'relationships"></Relationships>')
        parts["word/_rels/settings.xml.rels"] = rels.replace(
            b"</Relationships>", f'<Relationship Id="rIdAttached" Type="{REL}/attachedTemplate" '
                                 f'Target="{target}" TargetMode="External"/></Relationships>'
                                 .encode())
        parts["word/settings.xml"] = re.sub(
            rb"(<w:settings[^>]*>)", rb'\1<w:attachedTemplate r:id="rIdAttached"/>',
            parts["word/settings.xml"], count=1)
        if b"xmlns:r=" not in parts["word/settings.xml"][:2000]:
            parts["word/settings.xml"] = parts["word/settings.xml"].replace(
                b"<w:settings ", f'<w:settings xmlns:r="{REL}" '.encode(), 1)
    _rewrite(path, change)


def link_pictures(path: Path, *targets: str) -> None:
    """Adds a picture per target to the document at ``path``, linked to the target
    (r:link, TargetMode External) instead of held in the file."""
    document = docx.Document(path)
    for _ in targets:
        document.add_paragraph("Linked picture:")
        document.add_picture(io.BytesIO(png()), width=Mm(30))
    document.save(path)

    def change(parts):
        xml = parts["word/document.xml"].decode()
        embeds = re.findall(r'r:embed="(rId\d+)"', xml)[-len(targets):]
        rels = ""
        for number, (embed, target) in enumerate(zip(embeds, targets)):
            xml = xml.replace(f'r:embed="{embed}"', f'r:link="rIdLinked{number}"', 1)
            rels += (f'<Relationship Id="rIdLinked{number}" Type="{REL}/image" Target="{target}" '
                     'TargetMode="External"/>')
        parts["word/document.xml"] = xml.encode()
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", rels.encode() + b"</Relationships>")
    _rewrite(path, change)


def add_hyperlink(path: Path, text: str, target: str) -> None:
    document = docx.Document(path)
    paragraph = document.add_paragraph("See ")
    rid = document.part.relate_to(target, f"{REL}/hyperlink", is_external=True)
    link = paragraph._p.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink",
        {f"{{{REL}}}id": rid})
    run = paragraph.add_run(text)
    link.append(run._r)
    paragraph._p.append(link)
    document.save(path)


def add_field(path: Path, code: str, shown: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document(path)
    p = document.add_paragraph()
    w = nsdecls("w")
    for xml in (f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {w}><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        p._p.append(parse_xml(xml))
    document.save(path)


class Recorder:
    """A web server on 127.0.0.1 that answers every request with a picture and
    remembers the paths asked for."""

    def __init__(self) -> None:
        requests = self.requests = []
        picture = png((10, 200, 10))

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                requests.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(picture)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(picture)

            do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
