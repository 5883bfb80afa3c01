"""A real IMAP server for the tests: Debian's dovecot, started with a throw-away configuration.

Everything lives in a temporary folder (base_dir, state, logs, Maildir), it listens on a free loopback
port without TLS and has one user from a passwd-file. As root, dovecot's login processes run as
``dovenull`` and mail is owned by ``nobody``; otherwise everything runs as the current user.
Missing dovecot skips the tests that need it — except with ``CI=true``, where it fails them.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from talentscout.transports.imap import ImapConfig

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
USER, PASSWORD = "scout", "imap-test-password"


@dataclass
class ImapServer:
    host: str
    port: int
    folder: Path

    @property
    def config(self) -> ImapConfig:
        return ImapConfig(self.host, self.port, USER, PASSWORD, mailbox="INBOX", security="none", timeout=10)

    def deliver(self, *raws: bytes) -> None:
        """Put messages in the inbox (IMAP APPEND over one connection), as a mail server would."""
        conn = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            conn.login(USER, PASSWORD)
            for raw in raws:
                status, data = conn.append("INBOX", None, None, raw)
                if status != "OK":
                    raise RuntimeError(f"APPEND refused: {data!r}")
        finally:
            conn.logout()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _identities(folder: Path) -> tuple[str, str, int, int]:
    """(login user, internal group, mail uid, mail gid)."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.getuid()).pw_name
        return me, grp.getgrgid(os.getgid()).gr_name, os.getuid(), os.getgid()
    login = "dovenull"
    try:
        pwd.getpwnam(login)
    except KeyError:
        login = "nobody"
    nobody = pwd.getpwnam("nobody")
    for sub in ("mail", "home"):
        (folder / sub).chmod(0o777)
    folder.chmod(0o755)
    return login, grp.getgrgid(0).gr_name, nobody.pw_uid, nobody.pw_gid


def _config(folder: Path, port: int) -> Path:
    for sub in ("run", "state", "mail", "home"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    login, group, uid, gid = _identities(folder)
    internal = pwd.getpwuid(os.getuid()).pw_name
    users = folder / "users"
    users.write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{folder / 'home' / USER}::\n")
    conf = folder / "dovecot.conf"
    conf.write_text(
        f"""base_dir = {folder / "run"}
state_dir = {folder / "state"}
log_path = {folder / "dovecot.log"}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{folder / "mail"}/%u
first_valid_uid = 0
first_valid_gid = 0
default_login_user = {login}
default_internal_user = {internal}
default_internal_group = {group}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {users}
}}
"""
    )
    return conf


def _wait_ready(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            conn = imaplib.IMAP4("127.0.0.1", port, timeout=2)
            conn.login(USER, PASSWORD)
            conn.logout()
            return
        except (OSError, imaplib.IMAP4.error):
            time.sleep(0.1)
    text = log.read_text() if log.exists() else "(no log)"
    raise RuntimeError(f"dovecot did not start on port {port}:\n{text}")


@contextmanager
def running_dovecot() -> Iterator[ImapServer]:
    """A dovecot on a free loopback port for the duration of the block (benchmarks use it too)."""
    if DOVECOT is None:
        raise FileNotFoundError("dovecot is not installed (apt-get install dovecot-imapd)")
    # Not under pytest's 0700 temp root: as root, mail is written by ``nobody``, which must reach it.
    folder = Path(tempfile.mkdtemp(prefix="talentscout-dovecot-"))
    port = _free_port()
    conf = _config(folder, port)
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _wait_ready(port, process, folder / "dovecot.log")
        yield ImapServer("127.0.0.1", port, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def imap_server() -> Iterator[ImapServer]:
    if DOVECOT is None:
        message = "dovecot is not installed (apt-get install dovecot-imapd): the IMAP tests cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true requires them)", pytrace=False)
        pytest.skip(message)
    with running_dovecot() as server:
        yield server
