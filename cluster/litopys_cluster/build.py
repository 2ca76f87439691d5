"""Building and refreshing shards as Ray tasks, one task per shard to build.

`litopys index ARCHIVE --index DIR --shard-by KEY` does the work, in three steps:
`--plan` routes articles to shards and writes which shards must be built (those whose
articles changed) to DIR/shards.plan.json; `--only NAME` builds one shard by that plan,
in its own folder under its own lock, so that the shards are built at the same time on
different nodes; `--finish` checks that every planned shard was built and writes the
shard manifest atomically. Ray runs each step as a task on a node with the archive and
the shard folder in reach (the same paths on every node: shared storage), spreads the
shard tasks over the nodes' CPUs, retries a task if its node is lost (every step is
crash-safe: a rerun of a shard's job continues from its last commit), and reports back
what each did.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile

import ray

#: Attempts of a task after its node is lost or its process dies (not after a failure
#: of the job itself, which is reported).
RETRIES = 3


def _run(litopys: str, lexicon: str | None, archive: str, out: str, shard_by: str, extra: list[str]) -> dict:
    """Runs `litopys index … --shard-by KEY EXTRA…`: its exit status, output, report and node."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        command = [litopys]
        if lexicon:
            command += ["--lexicon", lexicon]
        command += ["index", archive, "--index", out, "--shard-by", shard_by, *extra, "--report", report]
        done = subprocess.run(command, capture_output=True, text=True)
        parsed = None
        if os.path.exists(report):
            with open(report, encoding="utf-8") as f:
                parsed = json.load(f)
        return {
            "status": done.returncode,
            "stdout": done.stdout,
            "stderr": done.stderr,
            "report": parsed,
            "node": ray.get_runtime_context().get_node_id(),
        }


@ray.remote(num_cpus=1, max_retries=RETRIES, retry_exceptions=False)
def plan_job(litopys: str, archive: str, out: str, shard_by: str, lexicon: str | None) -> dict:
    """`--plan`: which shards to build, remove and skip."""
    return _run(litopys, lexicon, archive, out, shard_by, ["--plan", "--quiet"])


@ray.remote(num_cpus=1, max_retries=RETRIES, retry_exceptions=False)
def shard_job(litopys: str, archive: str, out: str, shard_by: str, lexicon: str | None, name: str) -> dict:
    """`--only NAME`: builds one shard of the plan."""
    return _run(litopys, lexicon, archive, out, shard_by, ["--only", name])


@ray.remote(num_cpus=1, max_retries=RETRIES, retry_exceptions=False)
def finish_job(litopys: str, archive: str, out: str, shard_by: str, lexicon: str | None) -> dict:
    """`--finish`: checks the built shards and writes the shard manifest."""
    return _run(litopys, lexicon, archive, out, shard_by, ["--finish", "--quiet"])


def _check(step: str, result: dict) -> None:
    if result["status"] != 0:
        raise SystemExit(
            f"litopys-cluster: the index job ({step}) failed ({result['status']}):\n{result['stderr'].strip()}"
        )


def build(ray_module, litopys: str, archive: str, out: str, shard_by: str, lexicon: str | None) -> str:
    """Builds or refreshes the shards of `archive` under `out`: the plan, then one task per
    shard to build (in parallel), then the finish; a report as JSON (the plan, per shard
    the node it ran on and its summary, the finish's report). Raises SystemExit with the
    job's own message when a step fails."""
    args = (
        litopys,
        os.path.abspath(archive),
        os.path.abspath(out),
        shard_by,
        os.path.abspath(lexicon) if lexicon else None,
    )
    planned = ray_module.get(plan_job.remote(*args))
    _check("--plan", planned)
    plan = planned["report"] or json.loads(planned["stdout"])
    names = list(plan["run"]) + list(plan["remove"])
    results = ray_module.get([shard_job.remote(*args, name) for name in names])
    failed = [(name, r) for name, r in zip(names, results) if r["status"] != 0]
    if failed:
        name, result = failed[0]
        others = f" (and {len(failed) - 1} more shards)" if len(failed) > 1 else ""
        _check(f"--only {name}{others}", result)
    shards = {}
    for name, result in zip(names, results):
        entry = next((s for s in (result["report"] or {}).get("shards", []) if s["name"] == name), None)
        lines = [line for line in result["stdout"].splitlines() if line.startswith(f"shard {name}:")]
        shards[name] = {"node": result["node"], "summary": lines[0] if lines else None, "report": entry}
    finished = ray_module.get(finish_job.remote(*args))
    _check("--finish", finished)
    report = {"plan": plan, "shards": shards, "finish": finished["report"], "finish_node": finished["node"]}
    return json.dumps(report, ensure_ascii=False, indent=2)
