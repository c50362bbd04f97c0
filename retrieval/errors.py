"""Errors that carry a message meant for the user: front ends show them as one line."""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class: `str(error)` is a complete, user-facing sentence fragment."""


class InputError(NewsbotError):
    """The input (file, URL, text, question) cannot be used; nothing was stored."""


class FetchError(InputError):
    """A URL was refused or could not be fetched; `transient` when trying again later may
    work (a timeout, a lost connection, a server error), not when the answer will not change
    (refused, gone, not a page)."""

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class NotFound(NewsbotError):
    """No such article (or not visible from this server)."""


class StoreError(NewsbotError):
    """The database could not be opened or used."""
