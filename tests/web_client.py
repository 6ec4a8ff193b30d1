"""A small HTTP client for the editors' page, as a browser talks to it: cookies kept, forms
sent with their CSRF token, redirects not followed (the tests read them)."""

from __future__ import annotations

import http.client
import re
import uuid
from dataclasses import dataclass, field
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlsplit


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def words(self) -> str:
        """The page's text, tags taken out and spaces folded, as a reader sees it."""
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", self.text, flags=re.S)
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]
              ) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
             f"{value}\r\n".encode() for name, value in fields.items()]
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                     "\r\n\r\n".encode() + data + b"\r\n")
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + \
        f"--{boundary}--\r\n".encode()


@dataclass
class Client:
    base: str  # http://127.0.0.1:PORT
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 120

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                                timeout=self.timeout)
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, {k.lower(): v for k, v in response.headers.items()},
                      data)

    def get(self, path: str = "/", **kw) -> Answer:
        return self.request("GET", path, **kw)

    def csrf(self, path: str = "/") -> str:
        page = self.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, page.text[:500]
        return found.group(1)

    def post(self, path: str, fields: dict[str, str] | None = None,
             files: dict[str, tuple[str, bytes]] | None = None, csrf: str | None = "fetch",
             **kw) -> Answer:
        fields = dict(fields or {})
        if csrf == "fetch":
            csrf = self.csrf()
        if csrf is not None:
            fields["csrf_token"] = csrf
        content_type, body = multipart(fields, files or {})
        return self.request("POST", path, body,
                            headers={"Content-Type": content_type, **kw.pop("headers", {})})

    def upload(self, files: dict[str, tuple[str, bytes]]) -> Answer:
        """The first page's form sent with ``files`` (field -> (file name, bytes))."""
        return self.post("/check", files=files)
