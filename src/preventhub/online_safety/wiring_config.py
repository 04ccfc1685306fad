"""Registers this part's navigation, home panels and compliance findings (called from apps.py)."""


def register() -> None:
    return None
