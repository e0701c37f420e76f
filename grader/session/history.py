"""The learner's history: every answer, committed the moment it is given, in SQLite (WAL).

A killed process, Ctrl-C, end of input or a closed terminal loses nothing already answered; two
quizzes at once in two terminals both keep all their answers. A file that is not a lakedrill
history, or one written by a newer lakedrill, is refused with a message and never overwritten.
The schema is versioned (PRAGMA user_version) and migrated forward step by step.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lakedrill.errors import InputError

FILE_NAME = "history.sqlite3"

# Each entry migrates the schema from version i to i + 1. Never edit a released step: add one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        mode TEXT NOT NULL,            -- practice, exam, review
        seed INTEGER,
        planned INTEGER NOT NULL,      -- questions in the session
        finished_at TEXT,
        stopped TEXT                   -- null, or why it ended early (interrupted, quit, time)
    );
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        position INTEGER NOT NULL,     -- the question's number in its session, from 1
        answered_at TEXT NOT NULL,
        template_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        concept TEXT NOT NULL,
        kind TEXT NOT NULL,
        response TEXT NOT NULL,
        correct INTEGER NOT NULL,
        points REAL NOT NULL,
        misconception TEXT,            -- the belief the answer revealed, if any
        seconds REAL NOT NULL          -- time taken to answer
    );
    CREATE UNIQUE INDEX answers_by_position ON answers(session_id, position);
    CREATE INDEX answers_by_concept ON answers(concept, answered_at);
    CREATE INDEX answers_by_template ON answers(template_id, seed);
    CREATE TABLE cards (
        key TEXT PRIMARY KEY,          -- concept:<id> or misconception:<id>
        card TEXT NOT NULL,            -- the FSRS card, as JSON
        updated_at TEXT NOT NULL
    );
    """,
    # 1 -> 2: a mock exam's time limit, so that the pace of its answers (answers.seconds: every
    # visit to the question summed) can be set against it. Older sessions keep null: nothing refused.
    """
    ALTER TABLE sessions ADD COLUMN minutes REAL
    """,
)
LATEST = len(MIGRATIONS)


class HistoryError(InputError):
    """The history cannot be used; the message says why and what to do."""


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class AnswerRow:
    """One answer as the history keeps it."""

    session_id: int
    position: int
    answered_at: str
    template_id: str
    seed: int
    concept: str
    kind: str
    response: str
    correct: bool
    points: float
    misconception: str | None
    seconds: float


# The tables and columns of schema 1, which every later schema keeps: another program's database
# with a user_version of its own is told apart before anything is written to it (WAL mode included).
_SCHEMA_1 = {"sessions": {"id", "started_at", "mode", "seed", "planned", "finished_at", "stopped"},
             "answers": {"id", "session_id", "position", "answered_at", "template_id", "seed", "concept", "kind",
                         "response", "correct", "points", "misconception", "seconds"},
             "cards": {"key", "card", "updated_at"}}


def _looks_like_history(db: sqlite3.Connection) -> bool:
    for table, columns in _SCHEMA_1.items():
        found = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not columns <= found:
            return False
    return True


_warned: set[str] = set()


def _warn(message: str) -> None:
    """A damaged row is skipped, with one line on stderr (once per row and process)."""
    if message not in _warned:
        _warned.add(message)
        import sys

        print(f"lakedrill: warning: {message}", file=sys.stderr)


def _answer_row(row: tuple) -> AnswerRow | None:
    """The row as an AnswerRow, or None when a value is not what lakedrill wrote (quick_check sees
    only the file's structure, not a date that is not a date)."""
    session_id, position, answered_at, template_id, seed, concept, kind, response, correct, points, \
        misconception, seconds = row
    try:
        datetime.fromisoformat(answered_at)
    except (TypeError, ValueError):
        return None
    if not (all(isinstance(v, int) for v in (session_id, position, seed, correct))
            and all(isinstance(v, str) for v in (template_id, concept, kind, response))
            and all(isinstance(v, int | float) for v in (points, seconds))
            and (misconception is None or isinstance(misconception, str))):
        return None
    return AnswerRow(session_id, position, answered_at, template_id, seed, concept, kind, response, bool(correct),
                     float(points), misconception, float(seconds))


class History:
    """One learner's history file. Use `History.open(folder)`; close it when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self._db = connection

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, folder: Path | str) -> History:
        folder = Path(folder)
        path = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HistoryError(f"{folder}: cannot create the data directory ({error.strerror}); "
                               "choose another with --data-dir or LAKEDRILL_HOME") from None
        existed = path.exists() and path.stat().st_size > 0
        try:
            db = sqlite3.connect(path, timeout=10, isolation_level=None)  # autocommit; we BEGIN ourselves
            db.execute("PRAGMA busy_timeout = 10000")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if existed and version == 0 and db.execute(
                    "SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise HistoryError(f"{path}: this database is not a lakedrill history; move it aside "
                                   "(lakedrill will not overwrite it) or use another --data-dir")
            if version > LATEST:
                raise HistoryError(f"{path}: written by a newer lakedrill (history schema {version}, this one "
                                   f"knows {LATEST}); upgrade lakedrill, or use another --data-dir")
            if existed and version >= 1 and not _looks_like_history(db):
                raise HistoryError(f"{path}: this database is not a lakedrill history (its user_version is "
                                   f"{version}, but it lacks lakedrill's tables); move it aside (lakedrill will not "
                                   "change it) or use another --data-dir")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise HistoryError(f"{path}: the history is damaged (quick_check failed); move it aside "
                                   "(lakedrill will not overwrite it) and start a new one")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")  # an answer is on disk when it is acknowledged
            history = cls(path, db)
            history._migrate(version)
            return history
        except sqlite3.DatabaseError as error:
            raise HistoryError(f"{path}: not a readable lakedrill history ({error}); move it aside "
                               "(lakedrill will not overwrite it) or use another --data-dir") from None

    def _migrate(self, version: int) -> None:
        while version < LATEST:
            with self._transaction():
                # Another process may have migrated while we waited for the lock: read again.
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version >= LATEST:
                    return
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def start_session(self, mode: str, seed: int | None, planned: int, at: datetime | None = None,
                      minutes: float | None = None) -> int:
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO sessions (started_at, mode, seed, planned, minutes) VALUES (?, ?, ?, ?, ?)",
                (_iso(at or now_utc()), mode, seed, planned, minutes))
        return int(cursor.lastrowid)

    def record_answer(self, session_id: int, position: int, *, template_id: str, seed: int, concept: str,
                      kind: str, response: str, correct: bool, points: float, misconception: str | None,
                      seconds: float, at: datetime | None = None) -> None:
        """Commit one answer now (FULL sync): once this returns, the answer survives a kill. A second
        answer to the same question of a session (a changed exam answer) replaces the first."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO answers (session_id, position, answered_at, template_id, seed, concept, kind, response,"
                " correct, points, misconception, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(session_id, position) DO UPDATE SET answered_at = excluded.answered_at,"
                " response = excluded.response, correct = excluded.correct, points = excluded.points,"
                " misconception = excluded.misconception, seconds = excluded.seconds",
                (session_id, position, _iso(at or now_utc()), template_id, seed, concept, kind, response,
                 int(correct), points, misconception, seconds))

    def finish_session(self, session_id: int, stopped: str | None = None, at: datetime | None = None) -> None:
        with self._transaction():
            self._db.execute("UPDATE sessions SET finished_at = ?, stopped = ? WHERE id = ?",
                             (_iso(at or now_utc()), stopped, session_id))

    def save_card(self, key: str, card: dict[str, Any], at: datetime | None = None) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO cards (key, card, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET card = excluded.card, updated_at = excluded.updated_at",
                (key, json.dumps(card), _iso(at or now_utc())))

    # ------------------------------------------------------------------ reading

    def answers(self, session_id: int | None = None) -> list[AnswerRow]:
        query = ("SELECT session_id, position, answered_at, template_id, seed, concept, kind, response, correct,"
                 " points, misconception, seconds FROM answers")
        args: tuple = ()
        if session_id is not None:
            query += " WHERE session_id = ?"
            args = (session_id,)
        rows = self._db.execute(query + " ORDER BY answered_at, id", args).fetchall()
        out = []
        for row in rows:
            answer = _answer_row(row)
            if answer is None:
                _warn(f"{self.path}: an answer of session {row[0]}, question {row[1]}, is damaged "
                      f"(answered_at {row[2]!r}); it is skipped, the rest of the history is kept")
            else:
                out.append(answer)
        return out

    def seen(self) -> set[tuple[str, int]]:
        """(template_id, seed) pairs already answered: a review never draws one again."""
        return set(self._db.execute("SELECT template_id, seed FROM answers").fetchall())

    def cards(self) -> dict[str, dict[str, Any]]:
        out = {}
        for key, card in self._db.execute("SELECT key, card FROM cards"):
            try:
                value = json.loads(card)
            except (TypeError, ValueError):
                value = None
            if isinstance(value, dict) and isinstance(key, str) and ":" in key:
                out[key] = value
            else:
                _warn(f"{self.path}: the review card {key!r} is damaged (not a card in JSON); it is skipped, "
                      "and rebuilt from your next answer")
        return out

    def sessions(self) -> list[dict[str, Any]]:
        columns = ("id", "started_at", "mode", "seed", "planned", "finished_at", "stopped", "minutes")
        return [dict(zip(columns, row)) for row in
                self._db.execute("SELECT id, started_at, mode, seed, planned, finished_at, stopped, minutes FROM "
                                 "sessions ORDER BY id")]
