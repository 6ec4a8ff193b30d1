"""The office program's lifetime and reach: it starts with a private profile that
follows no links, and it ends with the command, however the command ends.

LibreOffice runs in a process group of its own (so that a Ctrl+C typed at the
terminal goes to the command, which then decides). When the command ends
normally, by an error, Ctrl+C or SIGTERM, the ``running`` block kills the group
and waits for it to be gone. When the command is killed outright (SIGKILL), a
small watchdog process does it: it waits on a pipe that only the command holds,
and the kernel closes the pipe however the command dies.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape

# Written into the throwaway profile before the office first starts. Links from a
# document not in a trusted location (none is) are not followed, so linked pictures
# are neither fetched nor read from disk; links are never updated on load; macros
# never run.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
</oor:items>
"""
GROUP_GONE_SECONDS = 5.0

# Run by a separate Python: wait for the command's end (EOF on stdin); unless the
# command said it has cleaned up itself ("done"), kill the office's group and
# remove its temporary folder. Free of the toolkit's imports.
_WATCHDOG = """
import os, shutil, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
group, folder = int(sys.argv[1]), sys.argv[2]
if sys.stdin.buffer.read() == b"done":
    sys.exit()
deadline = time.monotonic() + 5
while time.monotonic() < deadline:
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        break
    time.sleep(0.05)
shutil.rmtree(folder, ignore_errors=True)
"""


# The office's locale, where a document needs one: Impress gives a PDF the language of the
# office's locale, not the presentation's (LibreOffice 7.4).
LOCALE = """<item oor:path="/org.openoffice.Setup/L10N">\
<prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{}</value></prop></item>
</oor:items>"""


def prepare_profile(profile: Path, locale: str | None = None) -> None:
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    settings = PROFILE_SETTINGS
    if locale:
        settings = settings.replace("</oor:items>", LOCALE.format(escape(locale)))
    (user / "registrymodifications.xcu").write_text(settings, encoding="utf-8")


def stop_group(pgid: int, seconds: float = GROUP_GONE_SECONDS) -> None:
    """Kills the process group ``pgid`` and waits until none of it is left."""
    if not hasattr(os, "killpg"):
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)


def _watchdog(pgid: int, folder: Path) -> subprocess.Popen | None:
    if os.name != "posix":
        return None
    try:
        return subprocess.Popen([sys.executable, "-I", "-S", "-c", _WATCHDOG, str(pgid),
                                 str(folder)], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
    except OSError:
        return None  # the handlers below still end the office on every other way out


@contextmanager
def running(command: list[str], folder: Path) -> Iterator[subprocess.Popen]:
    """The office started with ``command``; on leaving, it and every helper it
    started are gone (killed if need be), and so is ``folder``'s use by them."""
    # The office's own temporary files go into ``folder`` too, so that they go with it
    # even when the office is killed before it can remove them.
    own_temp = folder / "tmp"
    own_temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(own_temp), "TMP": str(own_temp), "TEMP": str(own_temp)}
    process = watchdog = None
    try:  # entered before the start, so that a Ctrl+C just after it still stops the office
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True, env=env)
        watchdog = _watchdog(process.pid, folder)
        yield process
    finally:
        if process is not None:
            _end(process)
        if watchdog is not None:
            watchdog.communicate(b"done")  # the caller removes the folder when it is done


def _end(process: subprocess.Popen) -> None:
    """Ends the office and every helper it started, and waits until they are gone."""
    try:
        os.killpg(process.pid, signal.SIGKILL) if os.name == "posix" else process.kill()
    except OSError:
        pass  # already gone
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    process.wait()  # a group whose leader is a zombie would never be gone
    stop_group(process.pid)  # the helpers it started


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
