"""The peer of `certkeeper store copy` in scripts/bench/team-store.sh: what a user would script
without it (pgloader-like), table by table with the databases' own bulk paths.

  store_copy_peer.py to-postgres SQLITE_FILE PG_URL   sqlite3 rows -> psql \\copy FROM STDIN
  store_copy_peer.py to-sqlite PG_URL SQLITE_FILE     psql \\copy TO STDOUT -> executemany

The target is an empty inventory certkeeper created (same tables on both sides). COPY's text
format keeps NULL and '' apart; blobs travel as hex. Identity counters are moved past the
copied ids on PostgreSQL (otherwise the next insert collides). Prints the rows copied.
"""
import sqlite3
import subprocess
import sys

SKIP = {"schema_versions", "certkeeper_schema_versions"}


def sqlite_tables(db):
    """Tables in creation order (parents first), each with (column, declared type)."""
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    return [(name, [(row[1], row[2].upper()) for row in db.execute(f"PRAGMA table_info({name})")])
            for name in names if name not in SKIP]


def escape(value):
    if value is None:
        return "\\N"
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


UNESCAPE = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}


def unescape(field):
    if field == "\\N":
        return None
    if "\\" not in field:
        return field
    out, i = [], 0
    while i < len(field):
        char = field[i]
        if char == "\\" and i + 1 < len(field):
            out.append(UNESCAPE.get(field[i + 1], field[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def to_postgres(sqlite_path, url):
    db = sqlite3.connect(sqlite_path)
    total = 0
    for table, columns in sqlite_tables(db):
        names = ", ".join(name for name, _ in columns)
        rows = db.execute(f"SELECT {names} FROM {table}").fetchall()
        if not rows:
            continue
        data = "".join("\t".join(escape(value) for value in row) + "\n" for row in rows)
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", f"\\copy {table} ({names}) FROM STDIN"],
                       input=data.encode(), check=True, stdout=subprocess.DEVNULL)
        if columns[0][0] == "id":
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c",
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"],
                           check=True, stdout=subprocess.DEVNULL)
        total += len(rows)
    print(total)


def to_sqlite(url, sqlite_path):
    db = sqlite3.connect(sqlite_path)
    total = 0
    with db:
        for table, columns in sqlite_tables(db):
            selected = ", ".join(f"encode({name}, 'hex')" if kind == "BLOB" else name for name, kind in columns)
            out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", f"\\copy (SELECT {selected} FROM {table}) TO STDOUT"],
                                 check=True, capture_output=True).stdout.decode()
            rows = []
            for line in out.splitlines():
                values = [unescape(field) for field in line.split("\t")]
                rows.append([bytes.fromhex(value) if kind == "BLOB" and value is not None else value
                             for value, (_, kind) in zip(values, columns)])
            if rows:
                marks = ", ".join("?" for _ in columns)
                db.executemany(f"INSERT INTO {table} ({', '.join(name for name, _ in columns)}) VALUES ({marks})", rows)
            total += len(rows)
    print(total)


if __name__ == "__main__":
    direction, source, target = sys.argv[1:4]
    (to_postgres if direction == "to-postgres" else to_sqlite)(source, target)
