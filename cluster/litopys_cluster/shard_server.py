"""One shard served by the unchanged `litopys serve`, inside a Ray actor.

Ray places the actor on a node, restarts it elsewhere when its node dies
(`max_restarts=-1`) and retries the calls that were in flight (`max_task_retries=-1`);
the actor only starts `litopys serve` on loopback and forwards GET requests to it. The
server process is tied to the actor's process (`PR_SET_PDEATHSIG`), so a killed actor
leaves no server behind.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import threading
import urllib.error
import urllib.request

import ray

#: How long one request to the shard's server may take, in seconds: above `litopys
#: serve`'s own time limit (10 s), which answers 408 first.
REQUEST_TIMEOUT = 30


def _die_with_parent() -> None:
    """In the child: receive SIGKILL when the actor's process ends."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=-1)
class ShardServer:
    """`litopys serve --index SHARD` on 127.0.0.1, answered through `get`."""

    def __init__(self, name: str, index: str, litopys: str = "litopys", lexicon: str | None = None):
        self.name = name
        command = [litopys]
        if lexicon:
            command += ["--lexicon", lexicon]
        command += ["serve", "--index", index, "--addr", "127.0.0.1:0"]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        # `litopys serve` prints its address on its first line once it listens.
        line = self.process.stdout.readline().decode("utf-8", "replace")
        address = next((w for w in line.split() if w.startswith("http://")), None)
        if address is None:
            code = self.process.poll()
            raise RuntimeError(f"shard {name}: `litopys serve` did not start (exit {code}): {line.strip()}")
        self.base = address.rstrip("/")
        # Whatever the server prints later must not fill the pipe and stall it.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        for _ in self.process.stdout:
            pass

    def get(self, path_and_query: str) -> tuple[int, bytes, str]:
        """GET `path_and_query` from the shard's server: status, body, content type."""
        try:
            with urllib.request.urlopen(self.base + path_and_query, timeout=REQUEST_TIMEOUT) as r:
                return r.status, r.read(), r.headers.get("Content-Type", "application/json")
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers.get("Content-Type", "application/json")

    def node(self) -> str:
        """The Ray node this shard runs on (for tests and `status`)."""
        return ray.get_runtime_context().get_node_id()

    def pid(self) -> int:
        """The process id of the shard's `litopys serve`."""
        return self.process.pid
