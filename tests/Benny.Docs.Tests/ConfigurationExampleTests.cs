using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Benny.Docs.Tests.Snippets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Docs.Tests;

// Every ```json block of the documentation whose top level has a "Benny" object is a configuration example: in strict
// mode it must have no key that binds to nothing, no map written as an array nor list written as an object, and no value
// the binder cannot convert. Other start-up errors (model files that do not exist here) do not matter to this test.
public partial class ConfigurationExampleTests
{
    private static readonly string[] ImportedFiles = ["Benny:Import:ConverterRegistries:", "Benny:Import:ProfilesManifests:"];

    private static readonly string[] BindingFailures = ["is not a known setting", "must be an object mapping", "must be an array", "cannot be read"];

    public static IEnumerable<TestCaseData> Examples()
    {
        string root = RepositoryRoot.Find();
        foreach (string file in DocumentationFiles.Find(root))
        {
            string text = File.ReadAllText(Path.Combine(root, file));
            foreach (Match block in JsonBlock().Matches(text))
            {
                if (IsBennyConfiguration(block.Groups["json"].Value))
                {
                    int line = text[..block.Index].Count(c => c == '\n') + 1;
                    yield return new TestCaseData(block.Groups["json"].Value).SetName($"Example_HasOnlyKnownKeys({file}:{line})");
                }
            }
        }
    }

    [TestCaseSource(nameof(Examples))]
    public void Example_HasOnlyKnownKeys(string json)
    {
        IConfiguration example = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

        // The files an example imports do not exist here, and importing runs before validation: leave them out.
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(example.AsEnumerable().Where(e => e.Value is not null && !ImportedFiles.Any(f => e.Key.StartsWith(f, StringComparison.OrdinalIgnoreCase))))
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Benny:StrictConfiguration", "true")])
            .Build();
        var services = new ServiceCollection();
        services.AddBenny(configuration.GetSection("Benny")).AddGgufEngine().AddOpenVinoEngine();
        using ServiceProvider provider = services.BuildServiceProvider();

        IEnumerable<string> failures = [];
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            failures = e.Failures;
        }

        Assert.That(failures.Where(f => BindingFailures.Any(b => f.Contains(b, StringComparison.Ordinal))), Is.Empty);
    }

    [Test]
    public void Discovery_RepositoryDocumentation_FindsConfigurationExamples()
        => Assert.That(Examples().Count(), Is.GreaterThanOrEqualTo(5), "docs/configuration.md and docs/router.md hold several");

    private static bool IsBennyConfiguration(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Benny", out JsonElement benny)
                && benny.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            // A fragment (an excerpt with "..."), not a whole file.
            return false;
        }
    }

    [GeneratedRegex(@"^```json[ \t]*\r?\n(?<json>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
