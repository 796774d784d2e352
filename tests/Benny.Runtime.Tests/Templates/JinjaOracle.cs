using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Benny.Runtime.Templates;
using Benny.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Benny.Runtime.Tests.Templates;

/// <summary>One render to compare: a template (inline or a file) and its variables as a JSON object.</summary>
internal sealed record OracleCase(string Id, string? Template, string? TemplatePath, string VariablesJson);

/// <summary>How a render ended: "ok" with output, or an error class ("raise", "undefined", "syntax", "other").</summary>
internal sealed record RenderOutcome(string Kind, string? Output, string? Message)
{
    public override string ToString() => Kind == "ok" ? $"ok: {JsonSerializer.Serialize(Output)}" : $"{Kind}: {Message}";
}

/// <summary>
/// Runs Python's Jinja2 (oracle/render.py, set up as transformers sets it up) once for a whole batch of cases, and
/// renders the same cases with <see cref="ChatTemplate"/>, so tests can compare them byte for byte.
/// </summary>
internal static class JinjaOracle
{
    /// <summary>The clock both sides use for strftime_now: 26 July 2024 10:30, local time = UTC.</summary>
    public static readonly DateTimeOffset Now = new(2024, 7, 26, 10, 30, 0, TimeSpan.Zero);

    private const string InstallHint =
        "The chat-template tests compare against Python's Jinja2 and need 'python3' on PATH with Jinja2 3.1 " +
        "(install: 'apt-get install python3 python3-pip' or your platform's Python 3, then 'python3 -m pip install jinja2==3.1.6').";

    public static string RepositoryRoot() => TestRepository.Root;

    public static Dictionary<string, RenderOutcome> RunPython(IReadOnlyList<OracleCase> cases)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Templates", "oracle", "render.py");
        var request = BuildRequest(cases);
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONUTF8"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"{InstallHint} Starting python3 failed: {e.Message}");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(request);
            process.StandardInput.Close();
            process.WaitForExit();
            var error = stderr.GetAwaiter().GetResult();
            var output = stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                Assert.Fail(error.Contains("No module named 'jinja2'", StringComparison.Ordinal)
                    ? $"{InstallHint} Jinja2 is not installed for python3."
                    : $"The Jinja2 oracle failed (exit {process.ExitCode}): {error}");
            }

            using var doc = JsonDocument.Parse(output);
            var version = doc.RootElement.GetProperty("jinja2").GetString()!;
            if (!version.StartsWith("3.1.", StringComparison.Ordinal))
            {
                Assert.Fail($"{InstallHint} Found Jinja2 {version}.");
            }

            var results = new Dictionary<string, RenderOutcome>(StringComparer.Ordinal);
            foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray())
            {
                var id = r.GetProperty("id").GetString()!;
                results[id] = r.GetProperty("ok").GetBoolean()
                    ? new RenderOutcome("ok", r.GetProperty("output").GetString(), null)
                    : new RenderOutcome(r.GetProperty("error").GetString()!, null, $"{r.GetProperty("type").GetString()}: {r.GetProperty("message").GetString()}");
            }

            return results;
        }
    }

    private static string BuildRequest(IReadOnlyList<OracleCase> cases)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("now", Now.DateTime.ToString("s", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteStartArray("cases");
            foreach (var c in cases)
            {
                writer.WriteStartObject();
                writer.WriteString("id", c.Id);
                if (c.TemplatePath is not null)
                {
                    writer.WriteString("template_path", c.TemplatePath);
                }
                else
                {
                    writer.WriteString("template", c.Template);
                }

                writer.WritePropertyName("variables");
                writer.WriteRawValue(c.VariablesJson);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static RenderOutcome RenderHere(OracleCase c)
    {
        var source = c.Template ?? File.ReadAllText(c.TemplatePath!);
        using var doc = JsonDocument.Parse(c.VariablesJson);
        var variables = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        var clock = new FakeTimeProvider(Now);
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        try
        {
            var template = ChatTemplate.Parse(source, c.Id);
            return new RenderOutcome("ok", template.Render(variables, new ChatTemplateRenderOptions { TimeProvider = clock }), null);
        }
        catch (TemplateParseException e)
        {
            return new RenderOutcome("syntax", null, e.Message);
        }
        catch (TemplateRenderException e)
        {
            var kind = e.Kind switch
            {
                TemplateErrorKind.RaisedByTemplate => "raise",
                TemplateErrorKind.UndefinedValue => "undefined",
                _ => "other",
            };
            return new RenderOutcome(kind, null, kind == "raise" ? e.Problem : e.Message);
        }
    }

    /// <summary>Compares an outcome here with Python's: same class, same output byte for byte, same raise_exception message.</summary>
    public static void AssertSame(RenderOutcome expected, RenderOutcome actual)
    {
        Assert.That(actual.Kind, Is.EqualTo(expected.Kind), () => $"expected {expected}, got {actual}");
        if (expected.Kind == "ok")
        {
            Assert.That(actual.Output, Is.EqualTo(expected.Output));
        }
        else if (expected.Kind == "raise")
        {
            Assert.That(expected.Message, Does.EndWith(": " + actual.Message), "raise_exception message");
        }
    }
}
