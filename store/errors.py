"""Errors the store raises; each message is one line a user can act on."""


class StoreError(Exception):
    """Base for every error the store reports to a user."""


class DatabaseLocked(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass


class NotFound(StoreError):
    pass


class UndoConflict(StoreError):
    """The annotation changed since the journal entry was written (another annotator)."""
