import os
import tempfile

from hypothesis import HealthCheck, settings

# CI runs more examples than a developer's quick loop; both are deterministic per example database.
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A long hunt for counterexamples before a release: HYPOTHESIS_PROFILE=stress.
settings.register_profile("stress", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# Tests never touch a learner's real data: history and caches go to a directory of their own.
os.environ["LAKEDRILL_HOME"] = tempfile.mkdtemp(prefix="lakedrill-tests-")


def pytest_configure(config):
    config.addinivalue_line("markers", "rule(id): the engine rule (lakedrill.engine.rulebook id) this test pins")
