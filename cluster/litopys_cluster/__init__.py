"""Litopys on a Ray cluster: shards built by Ray tasks, served by Ray actors running the
unchanged `litopys serve`, behind a Ray Serve coordinator with the same HTTP API."""

__version__ = "0.1.0"
