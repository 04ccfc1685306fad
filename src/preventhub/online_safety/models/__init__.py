from preventhub.online_safety.models.activity import (
    Alert,
    DailyCount,
    DailyReportRead,
    FlaggedEvent,
    Identity,
    Ingestion,
    PoliceShare,
)
from preventhub.online_safety.models.lists import Category, CategoryDomain, Keyword
from preventhub.online_safety.models.sources import LogSource, OnlineSafetySettings

__all__ = [
    "Alert",
    "Category",
    "CategoryDomain",
    "DailyCount",
    "DailyReportRead",
    "FlaggedEvent",
    "Identity",
    "Ingestion",
    "Keyword",
    "LogSource",
    "OnlineSafetySettings",
    "PoliceShare",
]
