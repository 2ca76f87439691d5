"""Building and refreshing shards as Ray tasks.

`litopys index ARCHIVE --index DIR --shard-by KEY` does the work: it routes articles to
shards, rebuilds only the shards whose articles changed, and writes the shard manifest
atomically. Ray places the job on a node with the archive and the shard folder in reach
(the same paths on every node: shared storage), retries it if its node is lost (the job
is crash-safe: a rerun continues from the last commit), and reports back what it did.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile

import ray

#: Attempts of a build after its node is lost or the process dies (not after a failure
#: of the job itself, which is reported).
RETRIES = 3


@ray.remote(max_retries=RETRIES, retry_exceptions=False)
def index_job(litopys: str, archive: str, out: str, shard_by: str, lexicon: str | None) -> dict:
    """Runs one `litopys index --shard-by` job: its exit status, output and report."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        command = [litopys]
        if lexicon:
            command += ["--lexicon", lexicon]
        command += ["index", archive, "--index", out, "--shard-by", shard_by, "--quiet", "--report", report]
        done = subprocess.run(command, capture_output=True, text=True)
        parsed = None
        if os.path.exists(report):
            with open(report, encoding="utf-8") as f:
                parsed = json.load(f)
        return {
            "status": done.returncode,
            "stderr": done.stderr,
            "report": parsed,
            "node": ray.get_runtime_context().get_node_id(),
        }


def build(ray_module, litopys: str, archive: str, out: str, shard_by: str, lexicon: str | None) -> str:
    """Builds or refreshes the shards of `archive` under `out`; the job's report as JSON.
    Raises SystemExit with the job's own message when it fails."""
    result = ray_module.get(
        index_job.remote(
            litopys,
            os.path.abspath(archive),
            os.path.abspath(out),
            shard_by,
            os.path.abspath(lexicon) if lexicon else None,
        )
    )
    if result["status"] != 0:
        raise SystemExit(f"litopys-cluster: the index job failed ({result['status']}):\n{result['stderr'].strip()}")
    return json.dumps(result["report"], ensure_ascii=False, indent=2)
