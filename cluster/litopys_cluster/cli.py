"""`litopys-cluster`: build shards with Ray tasks and serve them behind one HTTP API.

    litopys-cluster build ARCHIVE --out DIR --shard-by month|year|hash:N [--ray-address ADDR]
    litopys-cluster serve --shards DIR --addr 127.0.0.1:PORT [--ray-address ADDR] [--hosts K]

Without `--ray-address` it joins `RAY_ADDRESS`, else the cluster `ray start` last
started on this machine, else it starts a Ray instance for the command's lifetime
(Ray's own rules for `ray.init()`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import sys
import threading

from .shards import list_shards

#: The Ray namespace of Litopys's named actors (the shard servers).
NAMESPACE = "litopys"


def _ray_init(address: str | None):
    import ray

    ray.init(
        address=address or os.environ.get("RAY_ADDRESS"),
        namespace=NAMESPACE,
        logging_level="ERROR",
        log_to_driver=False,
    )
    return ray


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"litopys-cluster: `{name}` is not on PATH (give --litopys)")
    return os.path.abspath(found)


def serve_command(args: argparse.Namespace) -> int:
    host, _, port = args.addr.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"litopys-cluster: --addr must be HOST:PORT, not «{args.addr}»")
    shards = list_shards(args.shards)
    litopys = _binary(args.litopys)
    lexicon = os.path.abspath(args.lexicon) if args.lexicon else None
    ray = _ray_init(args.ray_address)
    from ray import serve

    from .coordinator import Coordinator

    prefix = "litopys-shard-" + hashlib.sha1(os.path.abspath(args.shards).encode()).hexdigest()[:8]
    serve.start(proxy_location="HeadOnly", http_options={"host": host, "port": int(port)})
    hosts = args.hosts or 2 * sum(1 for n in ray.nodes() if n["Alive"])
    handle = serve.run(
        Coordinator.options(name="coordinator").bind(os.path.abspath(args.shards), hosts, litopys, lexicon, prefix),
        name="litopys",
        route_prefix="/",
    )
    handle.ready.remote().result()
    print(f"litopys-cluster: {len(shards)} shards on {min(hosts, len(shards))} hosts at http://{host}:{port}/", flush=True)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    serve.delete("litopys")
    for name in ray.util.list_named_actors():
        if name.startswith(prefix + "-host-"):
            ray.kill(ray.get_actor(name))
    serve.shutdown()
    ray.shutdown()
    return 0


def build_command(args: argparse.Namespace) -> int:
    from .build import build

    ray = _ray_init(args.ray_address)
    report = build(ray, _binary(args.litopys), args.archive, args.out, args.shard_by, args.lexicon)
    print(report, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="litopys-cluster", description=__doc__.split("\n\n")[0])
    def common(p: argparse.ArgumentParser, default) -> None:
        # Before or after the command (`--ray-address A serve …` or `serve … --ray-address A`).
        p.add_argument("--ray-address", default=default,
                       help="the Ray cluster to join (default: $RAY_ADDRESS, else the one `ray start` last started here, else a new local one)")
        p.add_argument("--litopys", default=default, help="the litopys binary (default: litopys on PATH)")
        p.add_argument("--lexicon", default=default, help="the lexicon file every shard server uses (default: litopys's own)")

    common(parser, None)
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve the shards under DIR with litopys serve's HTTP API")
    common(s, argparse.SUPPRESS)
    s.add_argument("--shards", required=True, help="the folder of shards (litopys index --shard-by)")
    s.add_argument("--addr", default="127.0.0.1:8080", help="HOST:PORT of the HTTP API (default 127.0.0.1:8080)")
    s.add_argument("--hosts", type=int, default=0,
                   help="Ray actors the shards are spread over, each running one litopys serve per shard "
                        "(default: two per node of the cluster)")
    s.set_defaults(run=serve_command)

    b = sub.add_parser("build", help="build or refresh the shards of ARCHIVE under DIR with Ray tasks")
    common(b, argparse.SUPPRESS)
    b.add_argument("archive", help="the archive: files or a folder, as for litopys index")
    b.add_argument("--out", required=True, help="the folder of shards")
    b.add_argument("--shard-by", required=True, help="month, year or hash:N")
    b.set_defaults(run=build_command)

    args = parser.parse_args(argv)
    args.litopys = args.litopys or "litopys"
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
