using System.Text;

namespace Benny.Runtime.Presets;

/// <summary>
/// Engine-independent keys and helpers for constraining what a model may answer. The GGUF engine reads a GBNF
/// grammar from <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> under <see cref="GbnfGrammarKey"/>;
/// engines without grammar support ignore it (validate the answer instead).
/// </summary>
public static class ConstrainedOutput
{
    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of a GBNF grammar (a string, start rule <c>root</c>) that constrains the output.</summary>
    public const string GbnfGrammarKey = "benny.gguf.grammar";

    /// <summary>Builds a GBNF grammar whose only sentences are the given labels, such as <c>root ::= "light" | "heavy"</c>.</summary>
    /// <param name="labels">The allowed answers, in order.</param>
    /// <returns>The grammar.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="labels"/> is empty or holds an empty label.</exception>
    public static string GbnfChoice(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var grammar = new StringBuilder("root ::= ");
        int count = 0;
        foreach (string label in labels)
        {
            if (string.IsNullOrEmpty(label))
            {
                throw new ArgumentException("A label is null or empty.", nameof(labels));
            }

            if (count++ > 0)
            {
                grammar.Append(" | ");
            }

            grammar.Append('"');
            foreach (char c in label)
            {
                grammar.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => c.ToString(),
                });
            }

            grammar.Append('"');
        }

        if (count == 0)
        {
            throw new ArgumentException("At least one label is needed.", nameof(labels));
        }

        return grammar.ToString();
    }
}
