"""The audit trail is read by the safeguarding lead and the system administrator."""

import rules

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

rules.add_perm("audit.view_trail", has_role(Role.DSL, Role.ADMIN))
