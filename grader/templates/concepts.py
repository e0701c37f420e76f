"""The concepts of the Jobs & orchestration lesson: the bank is organised, listed and drilled by these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    """A concept of the Jobs & orchestration lesson."""

    id: str
    title: str
    idea: str  # the lesson's point, in one sentence


CONCEPTS: dict[str, Concept] = {c.id: c for c in (
    Concept("pipeline-vs-job", "Pipeline vs job",
            "A pipeline is what happens to data; a job is when and how it runs."),
    Concept("task-graph", "The task graph",
            "A job is a DAG of tasks; independent tasks run in parallel as soon as their dependencies finish."),
    Concept("no-rollback", "No rollback across tasks",
            "A failed task does not undo what other tasks, or its own earlier statements, committed."),
    Concept("run-if", "Run if conditions",
            "Run if decides whether a task runs once its dependencies are done; Excluded counts as success."),
    Concept("job-result", "The job run's result",
            "Succeeded, Succeeded with failures or Failed, decided by the leaf tasks."),
    Concept("failure-handling", "Failure handling tasks",
            "Cleanup and alert tasks use All done, At least one failed or All failed."),
    Concept("condition-task", "If/else condition tasks",
            "== compares text, < and > compare numbers; the branch not taken is Excluded."),
    Concept("for-each", "For each tasks",
            "One nested task runs per input, at most its concurrency setting at a time."),
    Concept("task-values-and-references", "Task values and references",
            "Tasks pass small values downstream; references are substituted as text."),
    Concept("retries-and-timeouts", "Retries and timeouts",
            "max_retries counts retries after the first attempt; timeouts apply per attempt."),
    Concept("compute", "Compute for jobs",
            "Serverless for most jobs; classic jobs compute where serverless lacks a setting; not all-purpose "
            "compute for jobs."),
    Concept("streaming-recovery", "Streaming jobs and recovery",
            "Continuous mode for always-on streaming; it replaces the legacy unlimited-retries, one-run recipe."),
    Concept("repair-vs-run-now", "Repair vs Run now",
            "A repair reruns the tasks it selects inside the same run and reuses the rest; Run now starts over."),
    Concept("schedules-and-concurrency", "Schedules, triggers and concurrency",
            "A run that finds max concurrent runs active is skipped, or queued when queueing is on."),
    Concept("alerts", "Alerts and notifications",
            "Job alerts follow the run's result; retried failures, Succeeded with failures and skipped runs "
            "each have their rule."),
)}


class UnknownConcept(ValueError):
    """A --concept that names no concept, or several: the message says which were meant."""


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split() if w]


def resolve(value: str, known: dict[str, Concept] | None = None) -> str:
    """The concept a learner means by `value`: its id, a unique prefix (`repair`), or the words they
    would type (`retries`, `for each`, `if else`), matched against the id's words and the title's.
    Raises UnknownConcept with "did you mean ...?" and the list otherwise."""
    known = CONCEPTS if known is None else known
    if value in known:
        return value
    words = _words(value)
    slug = "-".join(words)
    if slug in known:
        return slug
    prefixed = [c for c in known if c.startswith(slug)] if slug else []
    if len(prefixed) == 1:
        return prefixed[0]

    def every_word_begins_one(concept: str) -> bool:
        have = _words(concept) + _words(known[concept].title)
        return bool(words) and all(any(h.startswith(w) for h in have) for w in words)

    matching = prefixed or [c for c in known if every_word_begins_one(c)]
    if len(matching) == 1:
        return matching[0]
    listed = ", ".join(known)
    if matching:
        raise UnknownConcept(f"'{value}' could be {' or '.join(matching)}: give more of the name")
    import difflib

    close = difflib.get_close_matches(slug, list(known), n=1, cutoff=0.5)
    if not close and words:  # a typo in one word: `retires`, `alrets`
        by_word = {w: c for c in known for w in _words(c) if len(w) > 2}
        near = difflib.get_close_matches(words[0], list(by_word), n=1, cutoff=0.7)
        close = [by_word[near[0]]] if near else []
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise UnknownConcept(f"no concept '{value}' ({hint}concepts: {listed})")
