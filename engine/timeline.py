"""Runs of a job over a window of time (SEMANTICS §8, §11): which runs its schedule, trigger,
continuous mode or Run now clicks start, which are skipped or queued under max_concurrent_runs
and queueing, and when each starts and ends.

Times are seconds after the window's start. A run's duration and result come from the
scenario's `runs` block, or from simulating the job's own scenario (one run of the job).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import cached_property

from lakedrill.engine import triggers as triggers_mod
from lakedrill.engine.concurrency import MIN_SCHEDULE_GAP, QUEUE_LIMIT_SECONDS, Admission
from lakedrill.engine.cron import CronError, parse_quartz
from lakedrill.engine.errors import InvalidScenario, Problem
from lakedrill.engine.model import Job
from lakedrill.engine.scenario import DEFAULT_SCENARIO, RunsSpec, Scenario
from lakedrill.engine.semantics import DATABRICKS, Semantics
from lakedrill.engine.simulate import simulate
from lakedrill.engine.states import RunResultState
from lakedrill.engine.words import plural

MAX_RUNS = 10_000  # in one window: more is a window too long for its trigger
UNITS = {"MINUTES": 60, "HOURS": 3600, "DAYS": 86400, "WEEKS": 7 * 86400}
TERMINATED, SKIPPED = "TERMINATED", "SKIPPED"


@dataclass(frozen=True, slots=True)
class Trigger:
    time: float
    kind: str  # as {{job.trigger.type}} says it: periodic, onetime, file_arrival, continuous


@dataclass(frozen=True)
class JobRun:
    """One run of the job in the window: triggered, then started (maybe after a queue) or skipped."""

    number: int  # 1, 2, … in trigger order
    trigger: str
    trigger_time: float
    state: str  # TERMINATED (it ran) or SKIPPED (it never started)
    result_state: str | None  # SUCCESS, FAILED, …; MAXIMUM_CONCURRENT_RUNS_REACHED when skipped
    start: float | None
    end: float | None
    queued_seconds: float = 0.0
    termination_code: str | None = None
    reason: str = ""
    rules: tuple[str, ...] = ()

    @property
    def ran(self) -> bool:
        return self.start is not None

    @property
    def was_queued(self) -> bool:
        return self.queued_seconds > 0


@dataclass(frozen=True)
class Timeline:
    job: Job
    start: datetime  # the window's start, UTC
    seconds: float  # the window's length
    runs: tuple[JobRun, ...]
    notes: tuple[tuple[str, str], ...]  # (rule id, what it decided) for the window as a whole
    semantics: str = "databricks"
    triggered: tuple = field(default=(), compare=False, repr=False)  # triggers() of this window, for reuse

    @cached_property
    def started(self) -> tuple[JobRun, ...]:
        return tuple(r for r in self.runs if r.ran)

    @cached_property
    def skipped(self) -> tuple[JobRun, ...]:
        return tuple(r for r in self.runs if r.state == SKIPPED)

    @cached_property
    def queued(self) -> tuple[JobRun, ...]:
        return tuple(r for r in self.runs if r.was_queued)

    def active_at(self, moment: float) -> tuple[JobRun, ...]:
        """Runs in progress at `moment` (started at or before it, not yet ended)."""
        return tuple(r for r in self.started if r.start <= moment < r.end)

    @cached_property
    def max_active(self) -> int:
        """The most runs in progress at once."""
        events = sorted([(r.start, 1) for r in self.started] + [(r.end, -1) for r in self.started],
                        key=lambda e: (e[0], e[1]))
        best = current = 0
        for _, step in events:
            current += step
            best = max(best, current)
        return best

    def clock(self, seconds: float) -> str:
        """A moment of the window as ISO 8601 UTC."""
        return (self.start + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")

    @cached_property
    def rules(self) -> tuple[str, ...]:
        seen: dict[str, None] = {rule: None for rule, _ in self.notes}
        for run in self.runs:
            seen.update((rule, None) for rule in run.rules)
        return tuple(seen)


# §3.3: the termination code of a run that finished, by its result (SDK TerminationCodeCode).
_FINISHED_CODES = {"SUCCESS": "SUCCESS", "SUCCESS_WITH_FAILURES": "SUCCESS_WITH_FAILURES",
                   "FAILED": "RUN_EXECUTION_ERROR"}


def clock_text(start: datetime, seconds: float) -> str:
    """A moment of a window as its reasons say it: 02:30 (UTC), 02:30:15, or day 2 02:30."""
    moment = start + timedelta(seconds=seconds)
    text = moment.strftime("%H:%M:%S")
    text = text[:5] if text.endswith(":00") else text
    days = (moment.date() - start.date()).days
    return f"day {days + 1} {text}" if days else text


def _duration_text(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{minutes} min"] if minutes else []) + (
        [f"{rest} s"] if rest or not (hours or minutes) else [])
    return " ".join(parts)


# ----------------------------------------------------------------------------- triggers


def _pause_status(job: Job) -> bool:
    """Whether the job's trigger starts the window paused (§11.1, §11.6)."""
    for holder in (job.schedule and {"pause_status": job.schedule.pause_status}, job.trigger, job.continuous):
        if holder and holder.get("pause_status") == "PAUSED":
            return True
    return False


def _paused_at(job: Job, spec: RunsSpec, moment: float) -> bool:
    paused = _pause_status(job)
    for change in spec.changes:
        if change.at <= moment and change.paused is not None:
            paused = change.paused
    return paused


def triggers(job: Job, spec: RunsSpec) -> tuple[list[Trigger], list[tuple[str, str]]]:
    """The triggers in the window (not continuous mode's restarts), in time order, and the notes
    saying which rules made them."""
    start = datetime.fromisoformat(spec.start.replace("Z", "+00:00")).astimezone(timezone.utc)
    found: list[Trigger] = []
    notes: list[tuple[str, str]] = []
    if job.schedule is not None:
        try:
            cron = parse_quartz(job.schedule.quartz_cron_expression)
            times = [(t - start).total_seconds() for t in
                     cron.fire_times(start, start + timedelta(seconds=spec.seconds), job.schedule.timezone_id)]
        except CronError as error:
            raise InvalidScenario([Problem(("job", "schedule"), str(error))]) from None
        notes.append(("schedule.quartz", f"the schedule '{job.schedule.quartz_cron_expression}' "
                                         f"({job.schedule.timezone_id}) fires {plural(len(times), 'time')} in the window"))
        notes.append(("schedule.on_time", "each scheduled run is triggered exactly at its time"))
        last = None
        for moment in times:
            if last is not None and moment - last < MIN_SCHEDULE_GAP:
                notes.append(("schedule.min_interval", f"a firing {moment - last:g}s after the previous one is "
                                                       "dropped: scheduled runs are at least 10 seconds apart"))
                continue
            last = moment
            if _paused_at(job, spec, moment):
                notes.append(("schedule.pause", f"the schedule is paused at {clock_text(start, moment)}: no run"))
                continue
            found.append(Trigger(moment, "periodic"))
    elif job.trigger is not None and job.trigger.get("periodic") is not None:
        found += _periodic(job, spec, notes)
    elif job.trigger is not None and job.trigger.get("file_arrival") is not None:
        found += _file_arrivals(job, spec, notes)
    elif job.trigger is not None and (job.trigger.get("table_update") or job.trigger.get("table")) is not None:
        found += _table_updates(job, spec, notes)
    elif job.trigger is not None and job.trigger.get("job_completion") is not None:
        found += _job_completions(job, spec, notes)
    for moment in spec.run_now:
        if moment < spec.seconds:
            found.append(Trigger(moment, "onetime"))
    if spec.run_now:
        notes.append(("schedule.run_now", "Run now starts a run whenever it is clicked, paused trigger or not"))
    found.sort(key=lambda t: t.time)  # stable: a schedule's firing before a click at the same moment
    if len(found) > MAX_RUNS:
        raise InvalidScenario([Problem(("runs", "hours"), f"{len(found)} runs in this window; at most {MAX_RUNS}",
                                       "make the window shorter")])
    return found, notes


def _periodic(job: Job, spec: RunsSpec, notes: list[tuple[str, str]]) -> list[Trigger]:
    config = job.trigger["periodic"]
    interval, unit = config.get("interval"), str(config.get("unit", "HOURS"))
    if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1 or unit not in UNITS:
        raise InvalidScenario([Problem(("job", "trigger", "periodic"),
                                       "a periodic trigger needs interval (a whole number from 1) and unit "
                                       f"({', '.join(UNITS)})", "e.g. {interval: 4, unit: HOURS}")])
    step = interval * UNITS[unit]
    notes.append(("schedule.periodic", f"the periodic trigger fires every {interval} {unit.lower()}, the first "
                                       f"time {spec.first_run:g}s after the window starts"))
    notes.append(("schedule.on_time", "each periodic run is triggered exactly at its time"))
    out, moment = [], spec.first_run
    while moment < spec.seconds:
        if not _paused_at(job, spec, moment):
            out.append(Trigger(moment, "periodic"))
        moment += step
    return out


def _file_arrivals(job: Job, spec: RunsSpec, notes: list[tuple[str, str]]) -> list[Trigger]:
    config = job.trigger["file_arrival"] or {}
    between = float(config.get("min_time_between_triggers_seconds") or 0)
    wait = float(config.get("wait_after_last_change_seconds") or 0)
    notes.append(("trigger.file_arrival_new_files", "each new file in the monitored location is activity for the "
                                                    "trigger"))
    notes.append(("trigger.fires_when_due", "the trigger is taken to fire the moment its conditions hold (the real "
                                            "check runs about once a minute)"))
    notes += triggers_mod._timing_notes(wait, between, "new files")
    if spec.file_overwrites:
        notes.append(("trigger.file_arrival_new_files_only",
                      f"{len(spec.file_overwrites)} file{'s' if len(spec.file_overwrites) > 1 else ''} written again "
                      "under a name already there: an overwrite is not a new file and triggers nothing"))
    fires, held = triggers_mod.quiet_triggers(sorted(spec.file_arrivals), wait, between, spec.seconds, "a new file",
                                              "trigger.file_arrival")
    notes += held
    return _unpaused(job, spec, fires, "file_arrival", notes)


def _unpaused(job: Job, spec: RunsSpec, fires: list[float], kind: str, notes: list[tuple[str, str]]) -> list[Trigger]:
    out = []
    for fire in fires:
        if _paused_at(job, spec, fire):
            notes.append(("schedule.pause", f"the trigger is paused at {fire:g}s: no run"))
        else:
            out.append(Trigger(fire, kind))
    return out


def _table_updates(job: Job, spec: RunsSpec, notes: list[tuple[str, str]]) -> list[Trigger]:
    config = job.trigger.get("table_update") or job.trigger.get("table") or {}
    notes.append(("trigger.fires_when_due", "the trigger is taken to fire the moment its conditions hold"))
    fires, more = triggers_mod.table_update_triggers(config, spec.table_commits, spec.seconds)
    notes += more
    return _unpaused(job, spec, fires, "table", notes)


def _job_completions(job: Job, spec: RunsSpec, notes: list[tuple[str, str]]) -> list[Trigger]:
    notes.append(("trigger.fires_when_due", "the trigger is taken to fire the moment its conditions hold"))
    fires, more = triggers_mod.job_completion_triggers(job.trigger["job_completion"], spec.upstream_completions,
                                                       spec.seconds)
    notes += more
    return _unpaused(job, spec, fires, "job_completion", notes)


# ----------------------------------------------------------------------------- runs


def simulate_runs(job: Job, scenario: Scenario = DEFAULT_SCENARIO, *, semantics: Semantics = DATABRICKS,
                  triggered: tuple = ()) -> Timeline:
    """Every run of `job` in the window `scenario.runs` describes (a day from the scenario's start
    time, when it gives none), under `semantics`. `triggered` is the `triggered` of an earlier
    timeline of the same job and scenario: the triggers do not depend on the semantics."""
    spec = scenario.runs or RunsSpec(start=scenario.start_time, seconds=24 * 3600.0)
    found, notes = triggered or triggers(job, spec)
    return _Window(job, scenario, spec, semantics, list(found), list(notes)).play(triggered=(tuple(found),
                                                                                           tuple(notes)))


class _Window:
    def __init__(self, job: Job, scenario: Scenario, spec: RunsSpec, sem: Semantics, found: list[Trigger],
                 notes: list[tuple[str, str]]):
        self.job, self.scenario, self.spec, self.sem = job, scenario, spec, sem
        self.pending = list(found)
        self.notes = notes
        self.limit = job.max_concurrent_runs
        self.queue_on = bool(job.queue_enabled)
        self.paused = _pause_status(job)
        self.continuous = job.continuous is not None
        self.changes = list(spec.changes)
        self.active: list[int] = []  # run numbers, in start order
        self.queue: list[int] = []
        self.runs: dict[int, dict] = {}
        self.next_restart: float | None = None
        self.failures_in_a_row = 0  # continuous mode: failed runs since the last successful one
        # A slot freed at a moment is handed to the queue only after every end, expiry and settings
        # change at that moment: a limit lowered at the instant a run ends holds the queued run back.
        self.drain_due: tuple[float, str] | None = None
        self.start = datetime.fromisoformat(spec.start.replace("Z", "+00:00")).astimezone(timezone.utc)
        self._simulated: dict[int, object] = {}
        if self.continuous:
            self.limit, self.queue_on = 1, False  # exactly one run at a time (§11 Continuous)
            notes.append(("continuous.one_run", "continuous mode keeps one run active and starts the next when it "
                                                "ends"))
            if not self.paused:
                self.next_restart = 0.0
        elif job.max_concurrent_runs == 0:
            notes.append(("concurrency.zero_skips_all", "max_concurrent_runs is 0: every new run is skipped"))

    # ------------------------------------------------------------ what each run does

    def _run_for(self, index: int):
        """The simulated run of the job for run `index`: its own scenario's, or the main one's."""
        scenarios = self.spec.scenarios
        which = min(index, len(scenarios) - 1) if scenarios else -1
        if which not in self._simulated:
            scenario = replace(scenarios[which], start_time=self.scenario.start_time) if scenarios else \
                replace(self.scenario, runs=None, repair=None)
            self._simulated[which] = simulate(self.job, scenario, semantics=self.sem)
        return self._simulated[which]

    def _outcome(self, number: int) -> tuple[float, str]:
        spec, index = self.spec, number - 1

        def pick(items):
            return items[min(index, len(items) - 1)]

        duration = pick(spec.durations) if spec.durations else self._run_for(index).duration
        result = pick(spec.results).value if spec.results else self._run_for(index).result_state.value
        return float(duration), result

    def _at(self, seconds: float) -> str:
        return clock_text(self.start, seconds)

    # ------------------------------------------------------------ the loop

    def play(self, triggered: tuple = ()) -> Timeline:
        while True:
            event = self._next_event()
            if self.drain_due is not None and (event is None or event[0] > self.drain_due[0]
                                               or event[1] in ("restart", "trigger")):
                due, self.drain_due = self.drain_due, None
                self._drain(*due)
                continue  # the runs it started change what happens next
            if event is None:
                break
            moment, kind, payload = event
            getattr(self, f"_on_{kind}")(moment, payload)
            if len(self.runs) > MAX_RUNS:
                raise InvalidScenario([Problem(("runs",), f"more than {MAX_RUNS} runs in this window",
                                               "make the window shorter, or the runs longer")])
        runs = tuple(JobRun(number=n, **self.runs[n]) for n in sorted(self.runs))
        return Timeline(self.job, self.start, self.spec.seconds, runs, tuple(self.notes), self.sem.name, triggered)

    def _next_event(self):
        candidates = []
        # At one moment: ends first (a run ending at t frees its slot for a run triggered at t),
        # then queue expiries, settings changes, continuous restarts, and new triggers.
        for number in self.active:
            candidates.append((self.runs[number]["end"], 0, "end", number))
        for number in self.queue:
            candidates.append((self.runs[number]["trigger_time"] + QUEUE_LIMIT_SECONDS, 1, "expiry", number))
        if self.changes:
            candidates.append((self.changes[0].at, 2, "change", None))
        if self.next_restart is not None and self.next_restart < self.spec.seconds:
            candidates.append((self.next_restart, 3, "restart", None))
        if self.pending:
            candidates.append((self.pending[0].time, 4, "trigger", None))
        if not candidates:
            return None
        moment, _, kind, payload = min(candidates, key=lambda c: (c[0], c[1], c[3] or 0))
        return moment, kind, payload

    def _start(self, number: int, moment: float, reason: str, rules: tuple[str, ...]) -> None:
        duration, result = self._outcome(number)
        record = self.runs[number]
        record.update(state=TERMINATED, start=moment, end=moment + duration, result_state=result,
                      queued_seconds=moment - record["trigger_time"], reason=reason, rules=rules,
                      termination_code=_FINISHED_CODES.get(result))
        self.active.append(number)

    def _new(self, trigger: Trigger) -> int:
        number = len(self.runs) + 1
        self.runs[number] = dict(trigger=trigger.kind, trigger_time=trigger.time, state=SKIPPED, result_state=None,
                                 start=None, end=None)
        return number

    def _on_trigger(self, moment: float, _payload) -> None:
        trigger = self.pending.pop(0)
        number = self._new(trigger)
        active = len(self.active)
        decision = self.sem.admit_run(active, self.limit, self.queue_on)
        where = f"triggered at {self._at(moment)} with {active} run{'s' if active != 1 else ''} active"
        if decision is Admission.START:
            freed = any(r["end"] == moment and r["start"] is not None and n not in self.active
                        for n, r in self.runs.items())
            paused_continuous = self.continuous and self.paused and trigger.kind == "onetime"
            self._start(number, moment, f"{where} (max concurrent runs {self.limit}): starts"
                        + ("; Run now starts a run of a paused continuous job, which stays paused"
                           if paused_continuous else ""),
                        ("concurrency.start_below_limit",) + (("concurrency.end_frees_slot",) if freed else ())
                        + (("continuous.run_now_when_paused",) if paused_continuous else ()))
        elif decision is Admission.QUEUE:
            self.queue.append(number)
            self.runs[number].update(reason=f"{where}, the limit of {self.limit}: queued",
                                     rules=("concurrency.queue_when_full",))
        else:
            rule = "concurrency.zero_skips_all" if self.limit == 0 else "concurrency.skip_when_full"
            if self.limit and self.job.queue_enabled is None and not self.continuous:
                rule = (rule, "concurrency.queue_unset_is_off")
            why = "max concurrent runs is 0" if self.limit == 0 else f"the limit of {self.limit} is reached and " \
                                                                      "queueing is off"
            self.runs[number].update(state=SKIPPED, result_state=RunResultState.MAXIMUM_CONCURRENT_RUNS_REACHED.value,
                                     termination_code="MAX_CONCURRENT_RUNS_EXCEEDED",
                                     reason=f"{where}; {why}: skipped",
                                     rules=rule if isinstance(rule, tuple) else (rule,))

    def _on_end(self, moment: float, number: int) -> None:
        self.active.remove(number)
        if self.continuous:
            failed = self.runs[number]["result_state"] not in ("SUCCESS", "SUCCESS_WITH_FAILURES")
            self.failures_in_a_row = self.failures_in_a_row + 1 if failed else 0
        if self.continuous and not self.paused:
            wait = self.spec.restart_gap
            if self.failures_in_a_row and self.spec.backoff:
                backoff = self.spec.backoff[min(self.failures_in_a_row, len(self.spec.backoff)) - 1]
                wait = max(wait, backoff)
                self.notes.append(("continuous.exponential_backoff",
                                   f"run {number} is failed run {self.failures_in_a_row} in a row: the next run waits "
                                   f"{_duration_text(backoff)}"))
            self.next_restart = moment + wait
        self._drain_later(moment, f"run {number} ended")

    def _drain_later(self, moment: float, because: str) -> None:
        if self.drain_due is None:
            self.drain_due = (moment, because)

    def _drain(self, moment: float, because: str) -> None:
        while self.queue and self.sem.admit_run(len(self.active), self.limit, True) is Admission.START:
            behind_others = len(self.queue) > 1  # which queued run goes first matters here
            number = self.queue.pop(0)
            record = self.runs[number]
            waited = moment - record["trigger_time"]
            rules = ("concurrency.queue_when_full",) + (("concurrency.queue_fifo",) if behind_others else ())
            self._start(number, moment, f"{record['reason']}; starts at {self._at(moment)} when {because} "
                                        f"(queued {_duration_text(waited)})", rules)

    def _on_expiry(self, moment: float, number: int) -> None:
        self.queue.remove(number)
        record = self.runs[number]
        record.update(state=SKIPPED, result_state=RunResultState.MAXIMUM_CONCURRENT_RUNS_REACHED.value,
                      termination_code="MAX_CONCURRENT_RUNS_EXCEEDED", queued_seconds=QUEUE_LIMIT_SECONDS,
                      reason=f"{record['reason']}; still queued after 48 hours: dropped",
                      rules=("concurrency.queue_when_full", "concurrency.queue_48_hours"))

    def _on_change(self, moment: float, _payload) -> None:
        change = self.changes.pop(0)
        if change.max_concurrent_runs is not None and not self.continuous:
            lowered = change.max_concurrent_runs < self.limit
            self.limit = change.max_concurrent_runs
            self.notes.append(("concurrency.lowering_kills_nothing" if lowered else "concurrency.start_below_limit",
                               f"at {self._at(moment)} max concurrent runs becomes {self.limit}"))
            if lowered:
                cancel = self.sem.cancelled_when_lowered(len(self.active), self.limit)
                for number in list(reversed(self.active))[:cancel]:
                    self._cancel(number, moment, "max concurrent runs was lowered")
        if change.queue_enabled is not None and not self.continuous:
            self.queue_on = change.queue_enabled
            self.notes.append(("concurrency.queue_when_full",
                               f"at {self._at(moment)} queueing is turned {'on' if self.queue_on else 'off'}"))
        if change.paused is not None:
            self.paused = change.paused
            self.notes.append(("schedule.pause", f"at {self._at(moment)} the trigger is "
                                                 f"{'paused' if self.paused else 'resumed'}"))
            if self.paused and self.sem.pause_cancels_active_runs():
                for number in list(self.active):
                    self._cancel(number, moment, "the trigger was paused")
            if self.continuous:
                self.next_restart = None if self.paused else (moment if not self.active else None)
        self._drain_later(moment, "the settings changed")

    def _cancel(self, number: int, moment: float, why: str) -> None:
        self.active.remove(number)
        record = self.runs[number]
        record.update(end=moment, result_state=RunResultState.CANCELED.value,
                      reason=f"{record['reason']}; canceled at {self._at(moment)}: {why}")

    def _on_restart(self, moment: float, _payload) -> None:
        self.next_restart = None
        if self.paused or self.active:
            return
        number = self._new(Trigger(moment, "continuous"))
        self._start(number, moment, f"continuous mode starts it at {self._at(moment)}", ("continuous.one_run",))
