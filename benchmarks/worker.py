"""The worker process of one engine: it receives commands from the runner over a pipe.

Commands (dicts): ``{"op": "info"}``, ``{"op": "setup", "workload", "size", "root"}``,
``{"op": "rep", "index", "verify"}``, ``{"op": "teardown"}``, ``{"op": "stop"}``. Every answer is
a dict; a failure answers ``{"error": traceback}`` and the worker carries on.
"""

from __future__ import annotations

import os
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

__all__ = ["serve"]


def serve(engine_name: str, connection: Connection) -> None:
    """Entry point of the worker process (``multiprocessing`` spawn target)."""
    # numpy's BLAS is not used by any step; keep its threads from competing with the engines.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from benchmarks.engines import make_engine
    from benchmarks.measure import RSS_METHOD
    from benchmarks.workloads import WorkloadRun

    engine: Any = None
    run: WorkloadRun | None = None
    while True:
        command: dict[str, Any] = connection.recv()
        op = command["op"]
        try:
            if op == "stop":
                if run is not None:
                    run.teardown()
                if engine is not None:
                    engine.close()
                connection.send({})
                return
            if engine is None:
                engine = make_engine(engine_name)
            if op == "info":
                answer: dict[str, Any] = {"version": engine.version, "rss_method": RSS_METHOD}
            elif op == "setup":
                if run is not None:
                    run.teardown()
                run = None
                run = WorkloadRun(
                    engine, command["workload"], command["size"], Path(command["root"])
                )
                answer = {}
            elif op == "rep":
                assert run is not None, "rep before setup"
                answer = run.rep(command["index"], command["verify"])
            elif op == "teardown":
                if run is not None:
                    run.teardown()
                run = None
                answer = {}
            else:
                raise ValueError(f"unknown command {op!r}")
        except Exception:
            answer = {"error": traceback.format_exc()}
        connection.send(answer)
