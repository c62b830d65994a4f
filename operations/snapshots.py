"""Database snapshots for a deploy's way back: pg_dump/pg_restore (custom format) on
PostgreSQL, the online backup API on SQLite."""

from __future__ import annotations

import importlib.util
import os
import re
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIX = {"postgresql": ".pgdump", "sqlite": ".sqlite3"}


class SnapshotError(Exception):
    """A snapshot could not be made or restored; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _bin_dirs() -> list[Path]:
    dirs = [Path(settings.PG_BIN_DIR)] if settings.PG_BIN_DIR else []
    dirs += [Path(p) for p in os.get_exec_path()]
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    # The pgserver package (the test suite's PostgreSQL) carries its own client binaries.
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin is not None:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    return dirs


def _major(tool: Path) -> int | None:
    result = subprocess.run(  # noqa: S603 - a PostgreSQL client binary found on disk
        [str(tool), "--version"], capture_output=True, text=True, check=False, timeout=30
    )
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(match.group(1)) if match else None


def pg_tool(name: str, server_major: int) -> Path:
    """The first ``name`` binary of the server's major version; else one newer (it can read an
    older server); else SnapshotError listing what was found."""
    found: list[tuple[Path, int]] = []
    for directory in _bin_dirs():
        tool = directory / name
        if tool.is_file() and os.access(tool, os.X_OK) and tool not in [f for f, _ in found]:
            major = _major(tool)
            if major is not None:
                found.append((tool, major))
    for want in (lambda m: m == server_major, lambda m: m > server_major):
        for tool, major in found:
            if want(major):
                return tool
    seen = ", ".join(f"{major} at {tool}" for tool, major in found) or "none"
    raise SnapshotError(
        f"No {name} for PostgreSQL {server_major} (found: {seen}). Install the PostgreSQL "
        f"{server_major} client (e.g. apt-get install postgresql-client-{server_major}) or set "
        "PG_BIN_DIR to the directory that holds it."
    )


def _pg_connection_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    # A socket directory given as ?host=... in DATABASE_URL lands in OPTIONS.
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host")
    if host:
        args += ["--host", str(host)]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - pg_dump/pg_restore with our own arguments
        command, env=env, capture_output=True, text=True, check=False, timeout=3600
    )


def snapshot_create(*, directory: Path) -> Path:
    """Write a timestamped snapshot of the whole database into ``directory``; return its path."""
    vendor = connection.vendor
    if vendor not in SUFFIX:
        raise SnapshotError(f"Snapshots support PostgreSQL and SQLite, not {vendor}.")
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"exitbot-{vendor}-{stamp}{SUFFIX[vendor]}"
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    args, env = _pg_connection_args()
    tool = pg_tool("pg_dump", _server_major())
    result = _run([str(tool), "--format=custom", "--no-owner", "--file", str(path), *args], env)
    if result.returncode != 0:
        path.unlink(missing_ok=True)
        raise SnapshotError(f"pg_dump failed: {result.stderr.strip()}")
    return path


def snapshot_kind(path: Path) -> str | None:
    """'postgresql' or 'sqlite' from the file's first bytes; None for anything else."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    return None


def snapshot_restore(*, path: Path) -> None:
    """Replace the database's contents with the snapshot's, all or nothing.

    Refuses, before touching the database, a file that is not a snapshot of this database
    kind or that is unreadable; a restore that fails halfway is rolled back.
    """
    if not path.is_file():
        raise SnapshotError(f"{path} does not exist.")
    kind, vendor = snapshot_kind(path), connection.vendor
    if kind is None:
        raise SnapshotError(f"{path} is not an exitbot snapshot (neither pg_dump nor SQLite).")
    if kind != vendor:
        raise SnapshotError(f"{path} is a {kind} snapshot; this database is {vendor}.")
    if vendor == "sqlite":
        _sqlite_restore(path)
        return
    args, env = _pg_connection_args()
    restore = pg_tool("pg_restore", _server_major())
    listing = _run([str(restore), "--list", str(path)], env)
    if listing.returncode != 0:
        raise SnapshotError(f"{path} is damaged or truncated: {listing.stderr.strip()}")
    connection.close()  # our own session must not hold locks that the restore waits for
    result = _run(
        [
            str(restore),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            *args,
            str(path),
        ],
        env,
    )
    if result.returncode != 0:
        raise SnapshotError(
            f"pg_restore failed and was rolled back; the database is unchanged: "
            f"{result.stderr.strip()[-2000:]}"
        )


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise SnapshotError(f"{path} is damaged or truncated: {exc}") from exc
        if check != "ok":
            raise SnapshotError(f"{path} is damaged or truncated: {check}")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
