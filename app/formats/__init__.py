"""Import and export, one module a format. No Qt here."""
