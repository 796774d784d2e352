// Each test runs the CLI in-process against its own temp folder and configuration file, so fixtures run in parallel.
// Tests that decode on the tiny model use one thread each (the thread rule's choice for it).
[assembly: Parallelizable(ParallelScope.Fixtures)]
