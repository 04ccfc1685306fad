"""Background work for notifications, on Django's tasks framework (settings.TASKS).

The default backend runs a task at once in the same process; a deployment that wants email
sent outside the request configures a worker backend (docs/deploy.md).
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task


@task()
def send_notification_email(recipients: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, None, recipients)
