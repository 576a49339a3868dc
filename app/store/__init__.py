"""SQLite storage through sqlite-utils. No Qt here; widgets never see SQL."""

from app.store.database import Counts, counts, open_database, schema_version
from app.store.errors import QueryError, StoreError
from app.store.writer import DataError, WriteSummary, write_dataset

__all__ = [
    "Counts",
    "DataError",
    "QueryError",
    "StoreError",
    "WriteSummary",
    "counts",
    "open_database",
    "schema_version",
    "write_dataset",
]
