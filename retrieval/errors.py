"""Errors that carry a message meant for the user: front ends show them as one line."""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class: `str(error)` is a complete, user-facing sentence fragment."""


class InputError(NewsbotError):
    """The input (file, URL, text, question) cannot be used; nothing was stored."""


class FetchError(InputError):
    """A URL was refused or could not be fetched."""


class NotFound(NewsbotError):
    """No such article (or not visible from this server)."""


class StoreError(NewsbotError):
    """The database could not be opened or used."""
