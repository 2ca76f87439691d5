"""Shards served by the unchanged `litopys serve`, inside Ray actors.

One actor (a `ShardHost`) hosts several shards, one `litopys serve --index SHARD`
process each on 127.0.0.1, and forwards GET requests to them: an archive sharded by
month has a hundred shards or more, and a Ray actor is a Python process of its own,
while a `litopys serve` is a few tens of megabytes. Ray places the hosts on the nodes,
restarts a host elsewhere when its node dies (`max_restarts=-1`) and retries the calls
that were in flight (`max_task_retries=-1`). A host forwards up to 32 requests at once
(a threaded actor), so that a fan-out to its shards runs side by side. Each server is tied to its host's process
(`PR_SET_PDEATHSIG`), so a killed host leaves no server behind.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import signal
import subprocess
import threading
import urllib.error
import urllib.request

import ray

#: How long one request to a shard's server may take, in seconds: above `litopys
#: serve`'s own time limit (10 s), which answers 408 first.
REQUEST_TIMEOUT = 30


def _die_with_parent() -> None:
    """In the child: receive SIGKILL when the host's process ends."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _drain(stream) -> None:
    """Reads what a server prints after its first line, so that the pipe never fills."""
    for _ in stream:
        pass


#: Lines of an export sent to the coordinator at a time, and batches a shard may send
#: ahead of the coordinator (so that a large export is never held whole).
EXPORT_BATCH = 500
EXPORT_AHEAD = 4


#: The host's resource request: no CPU (the servers' work is not Ray's to count), but
#: one MiB of Ray's logical memory. Ray 2.60 did not honour a soft node affinity for an
#: actor that asks for nothing at all: four hosts aimed round-robin at two nodes landed
#: at random (1 to 4 of 4 on one node over runs), 4 of 4 as aimed with this request.
HOST_MEMORY = 1 << 20


@ray.remote(num_cpus=0, memory=HOST_MEMORY, max_restarts=-1, max_task_retries=-1, max_concurrency=32)
class ShardHost:
    """`litopys serve` for each of `shards` ([(name, index folder)]), answered through
    `get`."""

    def __init__(self, shards: list[tuple[str, str]], litopys: str = "litopys", lexicon: str | None = None):
        self.processes: dict[str, subprocess.Popen] = {}
        self.bases: dict[str, str] = {}
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=16)
        base = [litopys] + (["--lexicon", lexicon] if lexicon else [])
        for name, index in shards:
            self.processes[name] = subprocess.Popen(
                base + ["serve", "--index", index, "--addr", "127.0.0.1:0"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        # The servers start side by side; each prints its address once it listens.
        for name, process in self.processes.items():
            line = process.stdout.readline().decode("utf-8", "replace")
            address = next((w for w in line.split() if w.startswith("http://")), None)
            if address is None:
                raise RuntimeError(f"shard {name}: `litopys serve` did not start (exit {process.poll()}): {line.strip()}")
            self.bases[name] = address.rstrip("/")
            threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()

    def get(self, name: str, path_and_query: str) -> tuple[int, bytes, str]:
        """GET `path_and_query` from shard `name`'s server: status, body, content type."""
        return self._request(name, path_and_query, None)

    def post(self, name: str, path: str, body: bytes) -> tuple[int, bytes, str]:
        """POST the JSON `body` to `path` of shard `name`'s server (summed statistics or a
        list of terms: too long for a URL)."""
        return self._request(name, path, body)

    def ask(self, requests: list[tuple[str, str, bytes | None]]) -> list[tuple[int, bytes, str]]:
        """Several requests (shard name, path and query, body or None for a GET) at once,
        side by side, in one Ray call: a fan-out costs one call per host rather than one
        per shard (a Ray call costs about as much as a small search)."""
        return list(self.pool.map(lambda r: self._request(*r), requests))

    def _prepared(self, name: str, path_and_query: str, body: bytes | None) -> urllib.request.Request:
        """A GET of `path_and_query` from shard `name`'s server, or a POST of the JSON `body`."""
        return urllib.request.Request(
            self.bases[name] + path_and_query,
            data=body,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"} if body is not None else {},
        )

    def _request(self, name: str, path_and_query: str, body: bytes | None) -> tuple[int, bytes, str]:
        try:
            with urllib.request.urlopen(self._prepared(name, path_and_query, body), timeout=REQUEST_TIMEOUT) as r:
                return r.status, r.read(), r.headers.get("Content-Type", "application/json")
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers.get("Content-Type", "application/json")

    @ray.method(max_task_retries=0, _generator_backpressure_num_objects=EXPORT_AHEAD)
    def stream(self, name: str, path_and_query: str, body: bytes | None = None):
        """GET (or POST `body` for) a streamed answer (an export) from shard `name`:
        first (status, the `X-Total-Count` header or the error's body, content type),
        then its lines in batches. Not retried: a host lost mid-export ends the download,
        as a failed page ends `litopys serve`'s."""
        try:
            r = urllib.request.urlopen(self._prepared(name, path_and_query, body), timeout=REQUEST_TIMEOUT)
        except urllib.error.HTTPError as e:
            yield e.code, e.read(), e.headers.get("Content-Type", "application/json")
            return
        with r:
            yield r.status, r.headers.get("X-Total-Count", "0"), r.headers.get("Content-Type", "")
            batch = []
            for line in r:
                batch.append(line)
                if len(batch) == EXPORT_BATCH:
                    yield batch
                    batch = []
            if batch:
                yield batch

    def node(self) -> str:
        """The Ray node this host runs on (for tests and placement checks)."""
        return ray.get_runtime_context().get_node_id()

    def shards(self) -> list[str]:
        """The names of the shards it serves."""
        return list(self.bases)
