"""Plain Python: domain types, partial dates, the Filter. No Qt, no SQL."""
