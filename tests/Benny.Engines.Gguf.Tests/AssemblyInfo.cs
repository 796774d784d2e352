// Fixtures are independent (temp folders per test, each test owns its native objects), so they run in parallel.
// Tests that decode on the tiny model use one thread each: on the 2-core build machine that is also the fastest.
[assembly: Parallelizable(ParallelScope.Fixtures)]
