"""The whole database as a native file's text: what a user compares before and after."""

from __future__ import annotations

import json

import sqlite_utils

from app.formats import native
from app.store.records import read_selection


def exported(db: sqlite_utils.Database) -> str:
    return json.dumps(native.to_document(read_selection(db)[0]), ensure_ascii=False)
