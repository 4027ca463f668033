"""Fast PostgreSQL loading: COPY from a generator, indexes and constraints built after the load."""

import re
import threading
import time

from django.core.management.color import no_style
from django.db import connection


class RowStream:
    """A file-like object for `copy_expert` that produces COPY text rows lazily.

    The rows are generated while PostgreSQL parses the previous chunk, so both
    cores work. `rows` yields lists of already-escaped column texts, or whole lines
    (str, ending in a newline: the fast generators build them directly). Only one
    chunk is in memory at a time.
    """

    def __init__(self, rows, progress=None, every=100_000):
        self.rows = iter(rows)
        self.buffer = ""
        self.count = 0
        self.progress = progress
        self.every = every

    def read(self, size=-1):
        lines = []
        length = len(self.buffer)
        while size < 0 or length < size:
            row = next(self.rows, None)
            if row is None:
                break
            line = row if row.__class__ is str else "\t".join(row) + "\n"
            lines.append(line)
            length += len(line)
            self.count += 1
            if self.progress and self.count % self.every == 0:
                self.progress(self.count)
        data = self.buffer + "".join(lines)
        if size < 0 or len(data) <= size:
            self.buffer = ""
            return data
        self.buffer = data[size:]
        return data[:size]

    def readline(self, size=-1):
        return self.read(size)


def text(value):
    """One value in COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


# Bytes psycopg2 asks the stream for at a time (its default, 8 KiB, means a call per row).
CHUNK = 1 << 18


def copy_rows(table, columns, rows, progress=None):
    """COPY `rows` into `table`; FREEZE when the table was truncated in this transaction."""
    stream = RowStream(rows, progress)
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({column_list}) FROM STDIN WITH (FREEZE)",
            stream,
            size=CHUNK,
        )
    return stream.count


def drop_secondary_structures(table):
    """Drop the indexes and constraints of `table` except its primary key; return how to rebuild.

    Building an index once over a full table is many times faster than
    maintaining it row by row, and foreign keys are checked in one pass.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype <> 'p'",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        quoted = connection.ops.quote_name(table)
        for name, _ in constraints:
            cursor.execute(
                f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [
        *(f"CREATE {definition[len('CREATE ') :]}" for _, definition in indexes),
        # Unique constraints first: foreign keys elsewhere may need their index.
        *(
            f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            for name, definition in sorted(constraints, key=lambda c: "FOREIGN" in c[1])
        ),
    ]


# Memory for one index build. A GIN build keeps its entries in memory and merges them
# into the index each time this fills up; 1,000,000 items make ~250 million entries.
MAINTENANCE_WORK_MEM = "1GB"


def rebuild(statements, progress=None):
    if not statements:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        for statement in statements:
            started = time.monotonic()
            cursor.execute(statement)
            if progress:
                progress(statement, time.monotonic() - started)


def is_gin(statement, table):
    return statement.startswith("CREATE INDEX") and f" ON public.{table} USING gin " in statement


def locks_table(statement, table):
    """Whether `statement` needs more than a plain index build's lock on `table`."""
    return statement.startswith("ALTER TABLE") and (
        statement.startswith(f'ALTER TABLE "{table}" ')
        or re.search(rf"REFERENCES (public\.)?{re.escape(table)}\(", statement) is not None
    )


class Background(threading.Thread):
    """Run index statements on a connection of their own (the data must be committed)."""

    def __init__(self, statements, progress=None):
        super().__init__(name="bench-index", daemon=True)
        self.statements = statements
        self.progress = progress
        self.error = None

    def run(self):
        try:
            rebuild(self.statements, self.progress)  # autocommit: each statement commits
        except BaseException as error:  # noqa: BLE001 -- re-raised by join()
            self.error = error
        finally:
            connection.close()  # this thread's own connection

    def join(self, timeout=None):
        super().join(timeout)
        if self.error is not None:
            raise self.error


def truncate(tables):
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(t) for t in tables)
        cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def reset_sequences(models):
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def vacuum_analyze():
    """VACUUM ANALYZE the whole database (outside any transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
