"""Who may reach each record-transfer page: the safeguarding team only (merged into the
route-access test). Transfers are made directly here; the services are tested elsewhere."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from preventhub.core.models import Provider
from preventhub.testing.route_cases import SAFEGUARDING, Case
from preventhub.transfers.models import Transfer


def _transfer(p: Provider, direction: str, status: str) -> Transfer:
    stored = default_storage.save(f"transfers/{p.pk}/access.phsg", ContentFile(b"PHSGFILE"))
    transfer: Transfer = Transfer.unscoped.create(
        provider=p,
        direction=direction,
        status=status,
        person_name="Sam Learner",
        person_mis_id="MIS-1",
        counterpart_name="Another College",
        package_sha256="0" * 64,
        storage_name=stored,
        receipt_key="00" * 32,
        summary={"concerns": 1, "references": ["C-2026-00001"], "entries": 3, "documents": 0},
        created_by_name="A Lead",
    )
    return transfer


def _sent(p: Provider) -> dict[str, Any]:
    return {"pk": _transfer(p, "outgoing", "sent").pk}


def _received(p: Provider) -> dict[str, Any]:
    return {"pk": _transfer(p, "incoming", "received").pk}


PAGES: dict[str, Case] = {
    "transfers:list": Case(SAFEGUARDING),
    "transfers:new": Case(SAFEGUARDING),
    "transfers:receive": Case(SAFEGUARDING),
    "transfers:detail": Case(SAFEGUARDING, kwargs=_sent, object_bound=True),
    "transfers:download": Case(SAFEGUARDING, kwargs=_sent, object_bound=True),
    # The upload is a POST from the detail page; a GET goes back there.
    "transfers:receipt_upload": Case(SAFEGUARDING, kwargs=_sent, ok=(302,), object_bound=True),
    "transfers:accept": Case(SAFEGUARDING, kwargs=_received, object_bound=True),
    "transfers:reject": Case(SAFEGUARDING, kwargs=_received, object_bound=True),
    "transfers:receipt": Case(SAFEGUARDING, kwargs=_received, object_bound=True),
}
API: dict[tuple[str, str], Case] = {}
