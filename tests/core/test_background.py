"""core.background: a value computed in a forked child, or here whenever it cannot be."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from dmvpnprov.core.background import Background


def test_the_value_is_computed_in_a_child_that_sees_this_process_memory() -> None:
    data = list(range(100_000))  # inherited by the fork, never sent
    with Background(lambda: (os.getpid(), sum(data))) as job:
        pid, total = job.result()
    assert pid != os.getpid()
    assert total == sum(data)


def test_an_exception_in_the_function_is_raised_here() -> None:
    def broken() -> int:
        raise ValueError("bad input")

    with Background(broken) as job, pytest.raises(ValueError, match="bad input"):
        job.result()


def test_a_value_that_cannot_be_pickled_is_computed_here() -> None:
    with Background(lambda: (os.getpid(), threading.Lock())) as job:
        pid, lock = job.result()
    assert pid == os.getpid()
    assert lock.acquire(blocking=False)


def test_a_child_killed_without_an_answer_leaves_the_value_to_this_process() -> None:
    parent = os.getpid()

    def dies_in_child() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return os.getpid()

    with Background(dies_in_child) as job:
        assert job.result() == parent


def test_with_other_threads_running_nothing_is_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Background(os.getpid) as job:
            assert job.result() == os.getpid()
    finally:
        stop.set()
        other.join()


def test_closing_stops_a_child_still_running(tmp_path: Path) -> None:
    marker = tmp_path / "pid"

    def slow() -> None:
        marker.write_text(str(os.getpid()))
        threading.Event().wait()  # forever: only a kill ends it

    job = Background(slow)
    while not marker.exists() or not marker.read_text():
        threading.Event().wait(0.01)
    child = int(marker.read_text())
    job.close()
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(child, 0)
