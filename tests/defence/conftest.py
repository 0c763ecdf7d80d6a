"""The dashboard's fixtures (accounts, signed-in clients, a second site), shared with these tests."""

from tests.admin.conftest import admin_user, as_admin, as_mod, mod_user, other_site  # noqa: F401
