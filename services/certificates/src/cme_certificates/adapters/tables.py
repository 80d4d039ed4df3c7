"""The certificates service's own tables (its database, its migrations)."""

from sqlalchemy import MetaData

metadata = MetaData()
