"""Sign-in tests use the mail fixtures: a real SMTP server and services that send to it."""

from tests.notify.conftest import (  # noqa: F401  (fixtures)
    blog,
    inbox,
    mail_client,
    mail_overrides,
    mail_services,
    mail_settings,
    smtp_port,
    worker,
)
