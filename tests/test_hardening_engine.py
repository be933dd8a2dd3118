"""kill -9 of a parallel run must not leave its worker processes (each holding a spaCy model)
and their forkserver running forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = """
import os, sys, time
from byline.engines import local
local.OWNER_POLL_SECONDS = 0.2
pool = local._pool(1, None)
worker = pool.submit(os.getpid).result()
server = pool.submit(os.getppid).result()
print(worker, server, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purpose (its parent, not us, reaps it)
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and forkserver")
def test_workers_and_forkserver_exit_when_the_owner_is_killed() -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    owner = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert owner.stdout is not None
        worker, server = (int(x) for x in owner.stdout.readline().split())
        assert _alive(worker) and _alive(server)
        owner.send_signal(signal.SIGKILL)
        owner.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (_alive(worker) or _alive(server)):
            time.sleep(0.1)
        assert not _alive(worker), "worker outlived its killed owner"
        assert not _alive(server), "forkserver outlived its killed owner"
    finally:
        owner.kill()
        for pid in (locals().get("worker"), locals().get("server")):
            if isinstance(pid, int) and _alive(pid):
                os.kill(pid, signal.SIGKILL)
