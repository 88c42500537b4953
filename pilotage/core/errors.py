"""The one error tree of Pilotage.

    PilotageError
    ├── WorkspaceError        the workspace file is missing or wrong (carries every problem found)
    ├── SourceError           a source (Jira, GitHub) failed; `source` and `url` say which
    │   ├── AuthError         401/403: `env_var` names the variable holding the credential to fix
    │   ├── NotFoundError     404: a project, board or repository the token cannot see
    │   └── RateLimited       the budget is spent and waiting is not allowed; `reset_at` says when it refills
    ├── StoreError            the store cannot be opened, migrated or written
    │   ├── SyncBusy          another process holds the workspace's sync lock; `holder` says who
    │   └── BackupError       a backup file cannot be restored (unreadable, or a hash does not match)
    ├── SnapshotError         a snapshot is missing, tampered with or cannot be exported
    └── MailError             the digest cannot be sent: a missing SMTP setting (named) or the server's refusal

Code raises these with context in keyword-only attributes; only the edges (CLI, pages) turn them into friendly
text, through `str(error)`, which always names what to fix.
"""

from __future__ import annotations

from datetime import datetime


class PilotageError(Exception):
    """Base of every error Pilotage raises on purpose."""


class WorkspaceError(PilotageError):
    """The workspace file cannot be used; `problems` lists one message per bad key."""

    def __init__(self, problems: list[str], *, path: str | None = None) -> None:
        self.problems = list(problems)
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(where + "; ".join(self.problems))


class SourceError(PilotageError):
    """A source failed; the message says which site and what to do."""

    def __init__(self, message: str, *, source: str, url: str | None = None) -> None:
        self.source = source
        self.url = url
        super().__init__(message)


class AuthError(SourceError):
    """The credential was refused (401/403)."""

    def __init__(self, message: str, *, source: str, url: str | None = None, env_var: str | None = None) -> None:
        self.env_var = env_var
        super().__init__(message, source=source, url=url)


class NotFoundError(SourceError):
    """A project, board or repository does not exist or the token cannot see it (404)."""


class RateLimited(SourceError):
    """The request budget is spent and the caller asked not to wait."""

    def __init__(self, message: str, *, source: str, url: str | None = None, reset_at: datetime | None = None) -> None:
        self.reset_at = reset_at
        super().__init__(message, source=source, url=url)


class StoreError(PilotageError):
    """The store cannot be opened, migrated or written; the message names the store URL (without password)."""


class SyncBusy(StoreError):
    """Another process (a worker, a dashboard's sync button, the command line) is syncing this store."""

    def __init__(self, holder: str) -> None:
        self.holder = holder
        super().__init__(f"another sync of this workspace is running ({holder}): this one was skipped")


class BackupError(StoreError):
    """A store backup cannot be restored: unreadable, another format, or a table or snapshot whose hash differs."""


class SnapshotError(PilotageError):
    """A snapshot is missing, was tampered with, or cannot be exported."""


class MailError(PilotageError):
    """The mail cannot be sent: a missing setting (named) or the SMTP server's refusal."""
