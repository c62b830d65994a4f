"""db_snapshot and db_restore: data deleted after a snapshot comes back; bad files are refused."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from interviews.models import Employee
from interviews.tests.factories import EmployeeFactory
from operations.snapshots import SnapshotError, pg_tool


def _snapshot(directory: Path) -> Path:
    out = StringIO()
    call_command("db_snapshot", "--dir", str(directory), stdout=out)
    return Path(out.getvalue().strip())


@pytest.mark.django_db(transaction=True)
def test_db_restore_brings_back_rows_deleted_after_the_snapshot_on_postgresql(tmp_path):
    # given
    EmployeeFactory.create(employee_id="KEEP-1")
    snapshot = _snapshot(tmp_path)
    Employee.objects.filter(employee_id="KEEP-1").delete()
    # when
    call_command("db_restore", str(snapshot), "--yes", stdout=StringIO())
    # then
    assert snapshot.name.endswith(".pgdump")
    assert Employee.objects.filter(employee_id="KEEP-1").exists()


@pytest.mark.django_db(transaction=True)
def test_db_restore_refuses_a_truncated_snapshot_without_touching_the_database(tmp_path):
    # given
    EmployeeFactory.create(employee_id="KEEP-2")
    snapshot = _snapshot(tmp_path)
    data = snapshot.read_bytes()
    snapshot.write_bytes(data[: len(data) // 2])
    EmployeeFactory.create(employee_id="AFTER")
    # when
    with pytest.raises(CommandError) as refused:
        call_command("db_restore", str(snapshot), "--yes", stdout=StringIO())
    # then
    assert "truncated" in str(refused.value) or "rolled back" in str(refused.value)
    assert set(Employee.objects.values_list("employee_id", flat=True)) == {"KEEP-2", "AFTER"}


@pytest.mark.django_db
def test_db_restore_refuses_a_file_that_is_not_a_snapshot_of_this_database_kind(tmp_path):
    # given
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("create table t (x int)").connection.close()
    junk = tmp_path / "junk.dump"
    junk.write_text("not a dump")
    # when / then
    with pytest.raises(CommandError, match="is a sqlite snapshot; this database is postgresql"):
        call_command("db_restore", str(other), "--yes")
    with pytest.raises(CommandError, match="not an exitbot snapshot"):
        call_command("db_restore", str(junk), "--yes")


@pytest.mark.django_db
def test_db_restore_asks_first_and_stops_on_no(tmp_path, monkeypatch):
    # given
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    # when / then
    with pytest.raises(CommandError, match="cancelled"):
        call_command("db_restore", str(tmp_path / "whatever.pgdump"))


def test_pg_tool_names_the_version_it_needs_when_none_matches():
    # when
    with pytest.raises(SnapshotError) as missing:
        pg_tool("pg_dump", 99)
    # then
    assert "No pg_dump for PostgreSQL 99" in missing.value.message
    assert "PG_BIN_DIR" in missing.value.message


def _manage(db: Path, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{db}",
            "DJANGO_SETTINGS_MODULE": "exitbot.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def _employee_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("select employee_id from interviews_employee")}


def test_db_snapshot_and_restore_on_sqlite_bring_back_deleted_rows_and_refuse_a_truncated_file(
    tmp_path,
):
    # given
    db = tmp_path / "db.sqlite3"
    _manage(db, "migrate", "--no-input")
    _manage(db, "create_interview", "--employee-id", "S-1", "--name", "Sam")
    snapshot = Path(_manage(db, "db_snapshot", "--dir", str(tmp_path / "snaps")).strip())
    with sqlite3.connect(db) as conn:
        conn.execute("delete from interviews_employee where employee_id = 'S-1'")
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(snapshot.read_bytes()[: snapshot.stat().st_size // 2])
    # when
    with pytest.raises(subprocess.CalledProcessError) as refused:
        _manage(db, "db_restore", str(truncated), "--yes")
    unchanged = _employee_ids(db)
    _manage(db, "db_restore", str(snapshot), "--yes")
    # then
    assert "truncated" in refused.value.stderr
    assert unchanged == set()
    assert _employee_ids(db) == {"S-1"}
