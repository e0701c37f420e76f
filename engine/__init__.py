"""lakedrill's reference execution engine: what Databricks Lakeflow Jobs would do with a job.

Pure functions over frozen values; no I/O, no global state, no randomness but a seeded
`random.Random` passed in. Every rule cites its section of SEMANTICS.md (lakedrill.engine.rulebook).
"""

from typing import TYPE_CHECKING

from lakedrill.engine.errors import InvalidJob, InvalidRepair, InvalidScenario, LakedrillInputError, Problem
from lakedrill.engine.model import ComputeKind, ConditionTask, Dependency, ForEachTask, Job, Task
from lakedrill.engine.parse import parse_job, parse_job_document, parse_simulation
from lakedrill.engine.repair import repair, repair_request, run_now
from lakedrill.engine.rulebook import RULES, Rule, Tier
from lakedrill.engine.run import Attempt, Commit, Facet, Iteration, RepairRecord, Run, TaskRun, TraceStep
from lakedrill.engine.scenario import Behaviour, RepairRequest, Scenario, parse_scenario
from lakedrill.engine.semantics import DATABRICKS, Semantics
from lakedrill.engine.simulate import simulate
from lakedrill.engine.states import ConditionTaskOp, RunIf, RunResultState, ui_label
from lakedrill.engine.validate import job_warnings

if TYPE_CHECKING:
    from lakedrill.engine.misconceptions import MISCONCEPTIONS, Misconception


def __getattr__(name: str):
    # The misconceptions are for making questions; a command that simulates a job never loads them.
    if name in ("MISCONCEPTIONS", "Misconception"):
        from lakedrill.engine import misconceptions

        return getattr(misconceptions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Attempt", "Behaviour", "Commit", "ComputeKind", "ConditionTask", "ConditionTaskOp", "DATABRICKS",
    "Dependency", "Facet", "ForEachTask", "InvalidJob", "InvalidRepair", "InvalidScenario", "Iteration", "Job",
    "LakedrillInputError", "MISCONCEPTIONS", "Misconception", "Problem", "RULES", "RepairRecord",
    "RepairRequest", "Rule", "Run", "RunIf", "RunResultState", "Scenario", "Semantics", "Task", "TaskRun",
    "Tier", "TraceStep", "job_warnings", "parse_job", "parse_job_document", "parse_scenario", "parse_simulation", "repair",
    "repair_request", "run_now", "simulate", "ui_label",
]
