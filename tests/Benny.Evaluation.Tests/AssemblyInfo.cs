// Fixtures are independent (fakes per test; the stories fixture owns its model), so they run in parallel.
[assembly: Parallelizable(ParallelScope.Fixtures)]
