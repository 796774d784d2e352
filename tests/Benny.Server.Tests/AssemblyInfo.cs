// Each fixture starts its own loopback server with its own models, so fixtures run in parallel.
[assembly: Parallelizable(ParallelScope.Fixtures)]
