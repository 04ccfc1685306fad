"""Who may reach the ingestion pages and the upload API (merged into the route-access test).
An ingestion belongs to the provider under test; another provider's users get 404."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.online_safety.choices import IngestVia
from preventhub.online_safety.models import Ingestion
from preventhub.online_safety.permissions import CONFIGURERS, TRIAGERS
from preventhub.online_safety.tests.factories_ingest import source
from preventhub.testing.route_cases import Case

INGESTERS = frozenset(CONFIGURERS)
VIEWERS = frozenset((*CONFIGURERS, *TRIAGERS))


def _ingestion(p: Provider) -> dict[str, Any]:
    found = Ingestion(
        provider=p, source=source(p), via=IngestVia.UPLOAD, file_name="access.log",
        sha256="0" * 64, lines=2, parsed=1, rejected=1,
        rejects_by_reason={"bad_timestamp": 1}, reject_samples={"bad_timestamp": ["x y z"]},
        started_at=timezone.now(), finished_at=timezone.now(),
    )  # fmt: skip
    found.save()
    return {"pk": found.pk}


PAGES: dict[str, Case] = {
    "online_safety:ingestion_list": Case(VIEWERS),
    "online_safety:upload": Case(INGESTERS),
    "online_safety:ingestion_detail": Case(VIEWERS, kwargs=_ingestion, object_bound=True),
}

API: dict[tuple[str, str], Case] = {
    # Without a file the upload answers 422 for the roles that may ingest.
    ("POST", "/api/v1/weblogs/uploads"): Case(INGESTERS, ok=(422,)),
}
