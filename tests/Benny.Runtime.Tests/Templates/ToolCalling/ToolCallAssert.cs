using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Templates.ToolCalling;

/// <summary>Compares parsed calls with expectations.</summary>
internal static class ToolCallAssert
{
    public static void CallsMatch(IReadOnlyList<FunctionCallContent> actual, IReadOnlyList<ExpectedCall> expected)
    {
        Assert.That(actual.Select(c => c.Name), Is.EqualTo(expected.Select(c => c.Name)), "call names");
        for (int i = 0; i < expected.Count; i++)
        {
            FunctionCallContent call = actual[i];
            ExpectedCall want = expected[i];
            if (want.Malformed)
            {
                Assert.That(call.Exception, Is.Not.Null, $"call {i} should carry its parse error");
                Assert.That(call.Arguments, Is.Null, $"call {i} should have no arguments");
            }
            else
            {
                Assert.That(call.Exception, Is.Null, $"call {i} should parse");
                Assert.That(Canonical(call.Arguments), Is.EqualTo(Canonical(want.ArgumentsJson!)), $"call {i} arguments");
            }

            if (want.Id is not null)
            {
                Assert.That(call.CallId, Is.EqualTo(want.Id), $"call {i} id from the model");
            }
            else
            {
                Assert.That(call.CallId, Does.StartWith("call_"), $"call {i} generated id");
            }
        }

        Assert.That(actual.Select(c => c.CallId), Is.Unique, "call ids");
    }

    /// <summary>Arguments as comparable JSON: the serialized dictionary.</summary>
    public static string Canonical(IDictionary<string, object?>? arguments) => JsonSerializer.Serialize(arguments);

    /// <summary>JSON text re-serialized the same way.</summary>
    public static string Canonical(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
