"""``POST /api/v1/weblogs/uploads``: ingest one log file (multipart ``file`` + ``format``
[+ ``source``]) and answer ``{lines, parsed, rejected, flagged, alerts}``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from preventhub.api.access import api_requires
from preventhub.core.models import Provider
from preventhub.online_safety.choices import IngestVia, LogFormat
from preventhub.online_safety.ingest import IngestError, ingest_stream
from preventhub.online_safety.ingest_forms import max_upload_bytes
from preventhub.online_safety.ingest_selectors import find_source, sources_to_ingest
from preventhub.online_safety.models import LogSource

router = Router(tags=["online safety"])


class UploadOut(Schema):
    id: str
    lines: int
    parsed: int
    rejected: int
    flagged: int
    alerts: int
    already_ingested: bool
    rejects_by_reason: dict[str, int]


@router.post(
    "/uploads",
    response={200: UploadOut, 201: UploadOut},
    summary="Ingest a web-filter log file",
    description=(
        "Multipart form: `file` (a text log or .gz), `format` (one of "
        f"{', '.join(LogFormat.values)}) and `source` (the log source's name or id; optional "
        "when exactly one active source has that format). 201 when ingested; 200 with "
        "`already_ingested` true when this exact file was ingested before (nothing added). "
        "Unknown source, wrong or missing format, empty, binary or damaged files answer 422 and "
        "write nothing. `alerts` counts the new alerts this file raised."
    ),
)
@api_requires("online_safety.ingest_logs")
def upload(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    format: Form[str] = "",  # noqa: A002  (the contract's field name)
    source: Form[str] = "",
) -> Status[dict[str, Any]]:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    if file is None:
        raise HttpError(422, "Send the log as the multipart field 'file'.")
    if format not in LogFormat.values:
        raise HttpError(
            422, f"format must be one of: {', '.join(LogFormat.values)} (got {format!r})."
        )
    if file.size is not None and file.size > max_upload_bytes():
        raise HttpError(
            422, f"The file is larger than {max_upload_bytes() // (1024 * 1024)} MB: gzip it."
        )
    chosen = _source(provider, source, format)
    try:
        result = ingest_stream(
            actor=request.user,
            source=chosen,
            stream=file,
            file_name=file.name or "upload.log",
            via=IngestVia.API,
            log_format=format,
        )
    except IngestError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(200 if result.already_ingested else 201, result.as_dict())


def _source(provider: Provider, name_or_id: str, log_format: str) -> LogSource:
    if name_or_id.strip():
        found = find_source(provider, name_or_id)
        if found is None:
            raise HttpError(422, f"No active log source called {name_or_id!r} at this provider.")
        return found
    candidates = list(sources_to_ingest(provider).filter(format=log_format)[:2])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise HttpError(
            422, f"No active log source has the format {log_format}: add one, or name it in "
            "'source'.",
        )  # fmt: skip
    raise HttpError(422, "Several log sources have this format: name one in 'source'.")
