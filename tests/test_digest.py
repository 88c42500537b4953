"""The Monday digest, received by a local SMTP server (aiosmtpd): one message per recipient in their language,
plain-text and HTML parts, what is at stake, the decisions, what changed since last week, and a signed, expiring
read-only link that the dashboard opens without an account (and refuses once tampered with)."""

from __future__ import annotations

import email
import re
import time
from datetime import date
from email import policy
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import streamlit as st
from aiosmtpd.controller import Controller
from streamlit.testing.v1 import AppTest

from pilotage.application import snapshots
from pilotage.application.digest import Digest, DigestItem
from pilotage.application.freshness import Freshness
from pilotage.application.service import build_demo_store, default_as_of
from pilotage.cli import main
from pilotage.core.store import Store
from pilotage.core.workspace import load_workspace
from presentation.digest import render_digest
from tests.app_support import free_port
from tests.test_app import DASHBOARD

SECRET = "digest-test-secret"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.encrypted: list[bool] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        self.encrypted.append(session.ssl is not None)
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    for name, value in {"PILOTAGE_SMTP_HOST": "127.0.0.1", "PILOTAGE_SMTP_PORT": str(port),
                        "PILOTAGE_SMTP_FROM": "pilotage@example.com", "PILOTAGE_SMTP_STARTTLS": "0"}.items():
        monkeypatch.setenv(name, value)
    yield inbox
    controller.stop()


@pytest.fixture
def demo_with_board(tmp_path, monkeypatch):
    """A small demo company in its own store, with one board snapshot."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", url)
    monkeypatch.setenv("PILOTAGE_LINK_SECRET", SECRET)
    store = Store(url)
    build_demo_store(store, items=500)
    ws = load_workspace()
    board = snapshots.create(ws, store, as_of=default_as_of(ws, store), title="Board Nov <2026>")
    return store, board


def received(inbox: Inbox) -> dict[str, email.message.EmailMessage]:
    return {to[0]: email.message_from_bytes(content, policy=policy.default) for _f, to, content in inbox.messages}


def test_the_digest_arrives_in_both_languages_with_a_working_signed_link(smtp, demo_with_board, monkeypatch):
    _store, board = demo_with_board
    assert main(["digest", "--to", "ceo@example.com", "--to", "dg@example.fr:fr",
                 "--base-url", "https://pilotage.example.com"]) == 0
    mails = received(smtp)
    assert set(mails) == {"ceo@example.com", "dg@example.fr"}
    en, fr = mails["ceo@example.com"], mails["dg@example.fr"]
    assert en["Content-Language"] == "en" and fr["Content-Language"] == "fr"
    assert en["From"] == "pilotage@example.com"
    assert re.fullmatch(r"Nordwind \(demo\): the week in delivery \(.+\) — \d+ decision\(s\) to take, €\S+ at stake",
                        en["Subject"])
    assert "la semaine de la livraison" in fr["Subject"] and "en jeu" in fr["Subject"]
    for mail, words in ((en, ("Needs a decision", "Since last week", "At stake on the key roadmap items")),
                        (fr, ("Décisions à prendre", "Depuis la semaine dernière", "En jeu sur les éléments clés"))):
        assert mail.get_content_type() == "multipart/alternative"
        text = mail.get_body(("plain",)).get_content()
        html = mail.get_body(("html",)).get_content()
        for word in words:
            assert word in text and word in html.replace("&#39;", "'")
        assert "Board Nov &lt;2026&gt;" in html and "Board Nov <2026>" not in html  # escaped like the pack
        assert "Board Nov <2026>" in text
        [link] = [u for u in re.findall(r"https://pilotage\.example\.com/\?\S+", text) if "snapshot=" in u]
        params = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        assert params["snapshot"] == board.id and params["ws"] == "demo"
        assert snapshots.verify(params, SECRET, workspace=load_workspace().slug) is None
        assert 6.9 * 86400 < int(params["exp"]) - time.time() <= 7 * 86400  # expires in a week
        assert snapshots.verify(params, SECRET, workspace=load_workspace().slug, now=time.time() + 8 * 86400) == "expired"
        assert link.replace("&amp;", "&") in html.replace("&amp;", "&")

    # the link opens the snapshot without an account where login is required; a changed one does not
    monkeypatch.setenv("PILOTAGE_REQUIRE_LOGIN", "1")
    text = fr.get_body(("plain",)).get_content()
    [link] = [u for u in re.findall(r"https://\S+", text) if "snapshot=" in u]
    params = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    for tamper, opens in ((False, True), (True, False)):
        st.cache_resource.clear()
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.user = {"is_logged_in": False}
        for k, v in params.items():
            at.query_params[k] = str(int(v) + 86400) if tamper and k == "exp" else v
        at.run()
        assert not at.exception, at.exception
        shown = any("Board Nov" in w.value for w in at.warning)
        assert shown == opens, ([w.value for w in at.warning], [e.value for e in at.error], params)


def test_missing_smtp_settings_are_named(monkeypatch, capsys):
    monkeypatch.delenv("PILOTAGE_SMTP_HOST", raising=False)
    from pilotage.application.mail import SmtpSettings
    from pilotage.core.errors import MailError

    with pytest.raises(MailError, match="PILOTAGE_SMTP_HOST is not set"):
        SmtpSettings.from_environment()
    monkeypatch.setenv("PILOTAGE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PILOTAGE_SMTP_USER", "robot@example.com")
    with pytest.raises(MailError, match="both PILOTAGE_SMTP_USER and PILOTAGE_SMTP_PASSWORD"):
        SmtpSettings.from_environment()
    assert main(["digest", "--to", "not-an-address", "--base-url", "https://x.example"]) == 1
    assert "recipient 'not-an-address'" in capsys.readouterr().err


def test_the_html_part_escapes_every_value():
    evil = "<img src=x onerror=alert(1)>"
    d = Digest(workspace=f"Acme {evil}", slug="acme", as_of=date(2026, 11, 22), week_before=date(2026, 11, 15),
               currency="EUR", at_stake=1234.0, portfolio={"en": evil, "fr": evil},
               decisions=(DigestItem("K-1", evil, "late", {"en": evil, "fr": evil}),),
               changes=({"en": evil, "fr": evil},), dashboard_url={"en": 'https://x/?a="b"', "fr": "https://x/"},
               board_url=None, board_title=None, board_expires=None,
               freshness=Freshness(pd.Timestamp("2026-11-22T10:00Z"), pd.Timedelta(hours=26), ()), demo=False)
    for lang in ("en", "fr"):
        mail = render_digest(d, lang)
        assert evil not in mail.html and "&lt;img src=x onerror=alert(1)&gt;" in mail.html
        assert 'href="https://x/?a=&#34;b&#34;"' in mail.html if lang == "en" else 'href="https://x/"' in mail.html
        assert evil in mail.text  # the plain-text part is not HTML


def self_signed(folder):
    """A certificate for 127.0.0.1 and its key (PEM files), made with `cryptography` (a PyGithub dependency)."""
    import datetime
    import ipaddress

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp.pem", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_starttls_and_login_from_the_environment(tmp_path, monkeypatch, demo_with_board):
    import ssl

    from aiosmtpd.smtp import AuthResult

    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password, session.ssl is not None))
        return AuthResult(success=auth_data.login == b"robot@example.com" and auth_data.password == b"pw")

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True)
    controller.start()
    try:
        for name, value in {"PILOTAGE_SMTP_HOST": "127.0.0.1", "PILOTAGE_SMTP_PORT": str(port),
                            "PILOTAGE_SMTP_USER": "robot@example.com", "PILOTAGE_SMTP_PASSWORD": "pw",
                            "SSL_CERT_FILE": str(cert)}.items():  # the client trusts the test certificate
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("PILOTAGE_SMTP_STARTTLS", raising=False)
        assert main(["digest", "--to", "ceo@example.com", "--base-url", "https://pilotage.example.com"]) == 0
        assert logins == [(b"robot@example.com", b"pw", True)]  # the password went only over TLS
        assert inbox.encrypted == [True]
        assert received(inbox)["ceo@example.com"]["From"] == "robot@example.com"
    finally:
        controller.stop()
