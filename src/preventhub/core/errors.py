"""Domain errors shared by services, pages and the API."""

from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """The record would duplicate one that exists (the API answers 409; forms show the message)."""
