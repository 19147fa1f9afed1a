"""core.background: a value computed in a forked child, or here whenever it cannot be.

Forking needs a process running one thread; the test session runs the lab's threads once
a lab test has run, so the tests of the forked child run in a fresh interpreter."""

from __future__ import annotations

import os
import threading

import pytest

from dmvpnprov.core.background import Background
from tests.support.processes import python_output


def _fresh(code: str) -> str:
    prelude = "import os, signal, threading\nfrom dmvpnprov.core.background import Background\n"
    return python_output(prelude + code, hashseed="1")


def test_the_value_is_computed_in_a_child_that_sees_this_process_memory() -> None:
    out = _fresh(
        "data = list(range(100_000))  # inherited by the fork, never sent\n"
        "with Background(lambda: (os.getpid(), sum(data))) as job:\n"
        "    pid, total = job.result()\n"
        "print(pid != os.getpid(), total == sum(data))\n"
    )
    assert out.split() == ["True", "True"]


def test_a_child_killed_without_an_answer_leaves_the_value_to_this_process() -> None:
    out = _fresh(
        "parent = os.getpid()\n"
        "def dies_in_child():\n"
        "    if os.getpid() != parent:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return os.getpid()\n"
        "with Background(dies_in_child) as job:\n"
        "    print(job.result() == parent)\n"
    )
    assert out.split() == ["True"]


def test_closing_stops_a_child_still_running() -> None:
    out = _fresh(
        "import tempfile, pathlib\n"
        "marker = pathlib.Path(tempfile.mkdtemp()) / 'pid'\n"
        "def slow():\n"
        "    marker.write_text(str(os.getpid()))\n"
        "    threading.Event().wait()  # forever: only a kill ends it\n"
        "job = Background(slow)\n"
        "while not marker.exists() or not marker.read_text():\n"
        "    threading.Event().wait(0.01)\n"
        "child = int(marker.read_text())\n"
        "job.close()\n"
        "try:\n"
        "    os.kill(child, 0)\n"
        "    print('alive')\n"
        "except ProcessLookupError:\n"
        "    print('gone', child != os.getpid())\n"
    )
    assert out.split() == ["gone", "True"]


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


def test_without_fork_the_value_is_computed_here_when_asked() -> None:
    calls: list[int] = []

    def count() -> int:
        calls.append(os.getpid())
        return len(calls)

    job = Background(count, fork=False)
    assert calls == []  # nothing computed before it is asked for
    assert job.result() == 1
    assert calls == [os.getpid()]
