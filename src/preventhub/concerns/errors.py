"""Errors of the referral pathway that pages and the API turn into clear messages."""

from preventhub.core.errors import ConflictError


class IllegalTransitionError(ConflictError):
    """The case is not in a state that allows this (e.g. a decision on a closed case): 409."""
