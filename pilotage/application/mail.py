"""Sending e-mail through SMTP with the standard library: STARTTLS by default, credentials from the environment.

Settings (environment or .streamlit/secrets.toml, never a workspace file): `PILOTAGE_SMTP_HOST` (required),
`PILOTAGE_SMTP_PORT` (587), `PILOTAGE_SMTP_USER` and `PILOTAGE_SMTP_PASSWORD` (both or neither),
`PILOTAGE_SMTP_FROM` (default: the user), `PILOTAGE_SMTP_STARTTLS` (1; 0 only for a relay on the same host),
`PILOTAGE_SMTP_SSL` (0; 1 for implicit TLS, usually port 465).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from pilotage.core.errors import MailError
from pilotage.core.workspace import secret

_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = ""
    starttls: bool = True
    ssl: bool = False

    @classmethod
    def from_environment(cls) -> SmtpSettings:
        host = secret("PILOTAGE_SMTP_HOST")
        if not host:
            raise MailError("PILOTAGE_SMTP_HOST is not set: name the SMTP server that sends the digest")
        user, password = secret("PILOTAGE_SMTP_USER") or "", secret("PILOTAGE_SMTP_PASSWORD") or ""
        if bool(user) != bool(password):
            raise MailError("set both PILOTAGE_SMTP_USER and PILOTAGE_SMTP_PASSWORD, or neither")
        sender = secret("PILOTAGE_SMTP_FROM") or user
        if "@" not in sender:
            raise MailError("PILOTAGE_SMTP_FROM is not set: the address the digest comes from")
        port = secret("PILOTAGE_SMTP_PORT") or "587"
        if not port.isdigit():
            raise MailError(f"PILOTAGE_SMTP_PORT: expected a port number, got {port!r}")
        implicit = (secret("PILOTAGE_SMTP_SSL") or "0").lower() in _TRUE
        starttls = (secret("PILOTAGE_SMTP_STARTTLS") or "1").lower() in _TRUE and not implicit
        return cls(host, int(port), user, password, sender, starttls, implicit)


def message(sender: str, to: str, subject: str, text: str, html: str, lang: str) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the HTML part preferred by mail readers."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    msg["Content-Language"] = lang  # after the parts: set_content drops the Content-* headers
    return msg


def send(settings: SmtpSettings, messages: list[EmailMessage], *, timeout: float = 30) -> None:
    """Send every message over one SMTP session (MailError naming the server on any failure)."""
    context = ssl.create_default_context()
    try:
        if settings.ssl:
            server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with server:
            if settings.starttls:
                server.starttls(context=context)
            if settings.user:
                server.login(settings.user, settings.password)
            for msg in messages:
                server.send_message(msg)
    except (smtplib.SMTPException, OSError) as e:
        raise MailError(f"SMTP server {settings.host}:{settings.port}: {e}") from None
