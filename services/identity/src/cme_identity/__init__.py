"""The identity service: units, accounts, roles, sign-in (账号与角色)."""
