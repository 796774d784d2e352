// Every fixture is independent (no shared mutable state, temp folders per test), so the suite
// runs fixtures and their tests in parallel.
[assembly: Parallelizable(ParallelScope.All)]
[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
