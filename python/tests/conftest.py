import os
import shutil
import tempfile

import pytest
import ray


@pytest.fixture(scope="session")
def local_ray():
    """One real local Ray instance for every test that trains."""
    # Ray's unix sockets live under its temp dir: keep the path short.
    temp = tempfile.mkdtemp(prefix="tyr", dir="/tmp")
    # Else ray.init() turns on token auth and leaves ~/.ray/auth_token, which every later
    # `ray start` on this machine picks up.
    os.environ["RAY_AUTH_MODE"] = "disabled"
    ray.init(num_cpus=3, include_dashboard=False, _temp_dir=temp)
    yield
    ray.shutdown()
    shutil.rmtree(temp, ignore_errors=True)
