"""The benchmark of `make bench`: bench.run starts the production stack, bench.seed builds data."""
