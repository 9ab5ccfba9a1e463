"""The pool of query worker processes: one job per worker, a time limit that kills, writes that stop the world.

Why processes: pyoxigraph cannot interrupt a query once it runs, so a thread running a runaway
query would run until it ends. Here a query past its time limit has its worker killed (SIGKILL)
and a fresh one started in the background, while the other workers go on answering. Jobs and
answers travel as frames on the workers' stdin/stdout (``worker.py``), read with asyncio, so the
server's event loop never blocks on a query.

Writes (SPARQL Update, Graph Store PUT/POST/DELETE) need the store open writable, and pyoxigraph
says a read-only opener beside a writer is undefined behaviour. So a write waits for the queries
in flight, stops the readers, runs in a writer process of its own (killed too if it outlives the
time limit: its transaction is then never committed), and starts the readers again, which then
see the change. Writes are rare administrative acts; queries that arrive meanwhile wait.

>>> WorkerPool("/nowhere", size=2).size
2
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path

from .limits import EndpointError
from .worker import FRAME

log = logging.getLogger("gcmkg.server")


class Worker:
    """One worker process and its two pipes."""

    def __init__(self, process: asyncio.subprocess.Process, mode: str) -> None:
        self.process = process
        self.mode = mode

    async def call(self, header: bytes, payload: bytes) -> tuple[dict, bytes]:
        self.process.stdin.write(FRAME.pack(len(header), len(payload)) + header + payload)
        await self.process.stdin.drain()
        return await self.receive()

    async def receive(self) -> tuple[dict, bytes]:
        header_size, payload_size = FRAME.unpack(await self.process.stdout.readexactly(FRAME.size))
        header = json.loads(await self.process.stdout.readexactly(header_size))
        return header, await self.process.stdout.readexactly(payload_size)

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()

    async def stop(self) -> None:
        """Close stdin so the worker leaves its loop; kill it if it does not exit promptly."""
        if self.process.returncode is None:
            self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.kill()
                await self.process.wait()


class WorkerPool:
    """``size`` reader processes on the store at ``path``; ``run`` a read job, ``write`` a write job."""

    def __init__(self, path: str | Path, size: int, timeout: float = 5.0, *,
                 endpoints: dict[str, str | None] | None = None) -> None:
        self.path = str(path)
        self.endpoints = json.dumps(endpoints or {})  # a remote store's explicit endpoint URLs, for the workers
        self.size = size
        self.timeout = timeout
        self.killed = 0  # workers stopped because their job outlived the time limit
        self._idle: asyncio.Queue[Worker] | None = None
        self._replacing: set[asyncio.Task] = set()
        self._busy = 0
        self._writing = False
        self._changed: asyncio.Condition | None = None
        self._write_lock: asyncio.Lock | None = None

    async def start(self) -> None:
        """Start the readers; a store that cannot be opened is an error here, not at the first query."""
        self._idle = asyncio.Queue()
        self._changed = asyncio.Condition()
        self._write_lock = asyncio.Lock()
        await self._start_readers()

    async def _start_readers(self) -> None:
        workers = await asyncio.gather(*(self._spawn("read") for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self, mode: str) -> Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gcmkg.server.worker", self.path, mode, self.endpoints,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        worker = Worker(process, mode)
        try:
            ready, _ = await worker.receive()
        except asyncio.IncompleteReadError:
            ready = {"ready": False, "message": f"exited with code {await process.wait()}"}
        if not ready.get("ready"):
            raise EndpointError(503, f"a query worker could not open the store {self.path}: {ready.get('message')}")
        return worker

    def _replace(self) -> None:
        """Start a reader in the background to take the place of one that was killed."""
        async def replace() -> None:
            try:
                self._idle.put_nowait(await self._spawn("read"))
            except Exception:  # noqa: BLE001 - logged; the pool runs on with one worker fewer
                log.exception("could not start a replacement query worker")
        task = asyncio.create_task(replace())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def run(self, header: bytes, payload: bytes = b"", timeout: float | None = None) -> tuple[dict, bytes]:
        """Run a read job on a free worker within ``timeout`` seconds (waiting for a worker included)."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing)
            self._busy += 1
        try:
            try:
                async with asyncio.timeout(limit):
                    worker = await self._idle.get()
            except TimeoutError:
                raise EndpointError(503, f"every query worker stayed busy for {limit:g} s; try again later",
                                    {"Retry-After": "1"}) from None
            return await self._call(worker, header, payload, deadline, limit)
        finally:
            async with self._changed:
                self._busy -= 1
                self._changed.notify_all()

    async def _call(self, worker: Worker, header: bytes, payload: bytes, deadline: float, limit: float):
        try:
            async with asyncio.timeout(max(deadline - time.monotonic(), 0.001)):
                answer = await worker.call(header, payload)
        except TimeoutError:
            worker.kill()
            self.killed += 1
            self._replace()
            raise EndpointError(503, f"the query ran past the time limit of {limit:g} s and was stopped") from None
        except (asyncio.IncompleteReadError, ConnectionError):
            worker.kill()
            self._replace()
            raise EndpointError(500, "the query worker stopped while answering (out of memory?); "
                                     "the server goes on with a new one") from None
        except BaseException:
            worker.kill()  # cancelled mid-job: the worker's state is unknown
            self._replace()
            raise
        self._idle.put_nowait(worker)
        return answer

    async def write(self, header: bytes, payload: bytes = b"") -> tuple[dict, bytes]:
        """Run a write job alone: drain the queries, stop the readers, write, start the readers again."""
        async with self._write_lock:
            async with self._changed:
                self._writing = True
                await self._changed.wait_for(lambda: self._busy == 0)
            try:
                await self._stop_readers()
                writer = await self._spawn("write")
                try:
                    async with asyncio.timeout(self.timeout):
                        return await writer.call(header, payload)
                except TimeoutError:
                    writer.kill()
                    self.killed += 1
                    raise EndpointError(503, f"the write ran past the time limit of {self.timeout:g} s and was "
                                             "stopped; nothing was written") from None
                finally:
                    await writer.stop()
            finally:
                await self._start_readers()
                async with self._changed:
                    self._writing = False
                    self._changed.notify_all()

    async def _stop_readers(self) -> None:
        if self._replacing:
            await asyncio.gather(*self._replacing, return_exceptions=True)
        while not self._idle.empty():
            await self._idle.get_nowait().stop()

    async def close(self) -> None:
        """Stop every worker (at server shutdown)."""
        for task in list(self._replacing):
            task.cancel()
        if self._idle is not None:
            await self._stop_readers()

    @property
    def idle(self) -> int:
        """How many readers are free right now."""
        return self._idle.qsize() if self._idle is not None else 0
