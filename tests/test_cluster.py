"""The heavy stages on Dask: the --dask option, its optional install, and tasks surviving a worker's death."""

from __future__ import annotations

import os
import sys

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, needs_dask

from newstrace.cli import cli
from newstrace.cluster import dask_client, local_workers, results_of
from newstrace.store import Store


def test_local_n_is_a_local_cluster_and_anything_else_a_scheduler_address():
    assert local_workers("local:3") == 3
    assert local_workers("tcp://10.0.0.5:8786") is None
    for bad in ("local:", "local:0", "local:two"):
        with pytest.raises(ValueError, match="needs N"):
            local_workers(bad)


@pytest.mark.parametrize("command", ["analyze", "assess", "run"])
def test_dask_without_its_extra_is_one_line_saying_what_to_install(command, db_path, monkeypatch):
    Store(db_path).close()
    for module in ("dask", "dask.distributed", "distributed"):
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed: importing it raises ImportError
    inputs = [str(EXAMPLES)] if command == "run" else []
    result = CliRunner().invoke(cli, [command, *inputs, "--db", db_path, "--quiet", "--dask", "local:2"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: --dask needs Dask, which is not installed: pip install 'newstrace[scale]'"
    )


def test_a_local_cluster_without_a_count_is_refused_before_anything_runs(db_path, monkeypatch):
    Store(db_path).close()
    monkeypatch.setenv("NEWSTRACE_DASK", "local:0")
    result = CliRunner().invoke(cli, ["analyze", "--db", db_path])
    assert result.exit_code == 2
    assert "Invalid value for '--dask'" in result.output and "needs N" in result.output


def _dies_the_first_time(marker: str, value: int) -> int:
    """A task whose worker process dies the first time any worker runs it with value 0."""
    if value == 0 and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return value


@needs_dask
def test_a_task_whose_worker_dies_is_redone_and_nothing_is_lost_or_doubled(tmp_path):
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import the tests folder
    marker = str(tmp_path / "died")
    with dask_client("local:2") as client:
        results = list(results_of(client, ((_dies_the_first_time, marker, value) for value in range(6))))
    assert os.path.exists(marker)
    assert sorted(results) == list(range(6))
