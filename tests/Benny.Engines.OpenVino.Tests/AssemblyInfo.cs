// Fixtures are independent (fakes per test, temp folders per test), so they run in parallel.
[assembly: Parallelizable(ParallelScope.Fixtures)]
