"""The workspace store's schema, versioned, for both backends (SQLite and PostgreSQL).

Each migration is a version number and the SQL that takes a store from the previous version to it,
written once per dialect (the tables and columns are the same; only types differ: PostgreSQL has
BYTEA and identity columns where SQLite has BLOB and INTEGER PRIMARY KEY). A store records the
versions applied in its ``schema_version`` table (version, applied at, UTC seconds); at start the
store applies, inside one transaction, every migration above the highest recorded version
(``upgrade``). A store written by a newer version of the app is refused (StoreFault
"schema_newer"), never altered.

To change the schema: append a Migration with the next version and both dialects' SQL, never edit
an applied one. tests/test_store.py checks that a store of every older version upgrades.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

# the PostgreSQL advisory-lock key that serialises migrations when several app servers start at once
PG_MIGRATION_LOCK = 0x5E7_0A5


@dataclass(frozen=True)
class Migration:
    version: int
    note: str
    sqlite: str
    postgresql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1, "workspaces (one row per user and name) and their datasets (Parquet bytes)",
        sqlite="""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workspaces (
    id INTEGER PRIMARY KEY,
    user TEXT NOT NULL,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    UNIQUE (user, name)
);
CREATE TABLE IF NOT EXISTS datasets (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    rows INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (workspace_id, name)
);
""",
        # settings stay TEXT (JSON with NaN, which jsonb refuses); Parquet is already compressed,
        # so TOAST is told not to compress it again (STORAGE EXTERNAL)
        postgresql="""
CREATE TABLE IF NOT EXISTS workspaces (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "user" TEXT NOT NULL,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    UNIQUE ("user", name)
);
CREATE TABLE IF NOT EXISTS datasets (
    workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    rows BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (workspace_id, name)
);
ALTER TABLE datasets ALTER COLUMN data SET STORAGE EXTERNAL;
"""),
)

CURRENT = MIGRATIONS[-1].version

VERSION_TABLE = {
    "sqlite": "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied REAL NOT NULL)",
    "postgresql": "CREATE TABLE IF NOT EXISTS schema_version "
                  "(version INTEGER PRIMARY KEY, applied DOUBLE PRECISION NOT NULL)",
}


class SchemaTooNew(Exception):
    """The store was written by a newer app (``found`` > ``known``)."""

    def __init__(self, found: int, known: int):
        self.found, self.known = found, known
        super().__init__(f"schema version {found}, this app knows up to {known}")


def statements(script: str) -> list[str]:
    """A migration's SQL split into statements (no migration holds a ';' inside a string)."""
    return [part.strip() for part in script.split(";") if part.strip()]


def upgrade(execute, dialect: str, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Bring a store to the newest version; the versions applied now ([] when up to date).

    ``execute(sql, params=()) -> list of rows`` runs one statement on a connection that is already
    inside a transaction (the caller commits; a failure rolls back every step). ``dialect`` is
    "sqlite" or "postgresql" (placeholders are ? or %s)."""
    mark = "?" if dialect == "sqlite" else "%s"
    if dialect == "postgresql":
        execute("SELECT pg_advisory_xact_lock(%s)", (PG_MIGRATION_LOCK,))
    execute(VERSION_TABLE[dialect])
    rows = execute("SELECT MAX(version) FROM schema_version")
    found = (rows[0][0] if rows else None) or 0
    known = migrations[-1].version
    if found > known:
        raise SchemaTooNew(found, known)
    applied = []
    for migration in migrations:
        if migration.version <= found:
            continue
        for sql in statements(getattr(migration, dialect)):
            execute(sql)
        execute(f"INSERT INTO schema_version (version, applied) VALUES ({mark}, {mark})",
                (migration.version, time.time()))
        applied.append(migration.version)
    return applied
