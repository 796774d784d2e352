using System.Diagnostics;

namespace Benny.Engines.Gguf.Tests.Support;

/// <summary>The system C compiler, for tests that build small native programs or libraries of their own.</summary>
internal static class CCompiler
{
    /// <summary>Finds <c>$CC</c>, <c>cc</c>, <c>gcc</c> or <c>clang</c>.</summary>
    /// <param name="purpose">What the test compiles, for the error when no compiler is found.</param>
    public static string Find(string purpose)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("CC");
        string[] candidates = string.IsNullOrWhiteSpace(fromEnvironment) ? ["cc", "gcc", "clang"] : [fromEnvironment, "cc", "gcc", "clang"];
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string candidate in candidates)
        {
            if (Path.IsPathRooted(candidate) && File.Exists(candidate))
            {
                return candidate;
            }

            string? found = path.Select(p => Path.Combine(p, candidate)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        throw new InvalidOperationException(
            $"No C compiler found ($CC, cc, gcc or clang on PATH). {purpose}: install one (Debian/Ubuntu: apt-get install -y gcc).");
    }

    /// <summary>Runs a program to completion (two minutes at most) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output, string Errors) Execute(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} did not finish within 2 minutes.");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
    }
}
