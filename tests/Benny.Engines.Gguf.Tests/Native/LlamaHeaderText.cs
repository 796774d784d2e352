using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Benny.Engines.Gguf.Tests.Native;

/// <summary>
/// Reads struct fields and enum constants out of plain C header text (the pinned <c>llama.h</c>/<c>ggml.h</c>), and maps
/// C names to the names of their managed twins. It understands exactly what those definitions use: one declarator per
/// field, pointer and array declarators, typedef'd callbacks, <c>NAME = expr</c> enum entries. Anything else inside a
/// definition (a nested struct/union, an inline function pointer, a bit field, a comma list, a preprocessor line) throws
/// <see cref="NotSupportedException"/> rather than being guessed at.
/// </summary>
/// <remarks>
/// Name mapping rules:
/// <list type="bullet">
/// <item>Field: the C snake_case name in PascalCase, one capital per word (<c>n_gpu_layers</c> is <c>NGpuLayers</c>,
/// <c>t_p_eval_ms</c> is <c>TPEvalMs</c>).</item>
/// <item>Enum member: the C constant without the enum's prefix (the enum name upper-cased plus <c>_</c>:
/// <c>LLAMA_SPLIT_MODE_</c>). A remainder holding a digit is a type name and is kept verbatim
/// (<c>GGML_TYPE_Q4_K</c> is <c>Q4_K</c>, <c>LLAMA_FTYPE_MOSTLY_Q4_K_M</c> is <c>MOSTLY_Q4_K_M</c>); any other
/// remainder is PascalCased per word (<c>LLAMA_ATTENTION_TYPE_NON_CAUSAL</c> is <c>NonCausal</c>,
/// <c>GGML_TYPE_COUNT</c> is <c>Count</c>).</item>
/// <item>Type: the C struct or enum name in PascalCase by the field rule (<c>llama_model_params</c> is
/// <c>LlamaModelParams</c>, <c>ggml_type</c> is <c>GgmlType</c>).</item>
/// </list>
/// </remarks>
internal static partial class LlamaHeaderText
{
    /// <summary>Replaces every comment with a space (newlines of block comments kept); string and char literals are left alone.</summary>
    public static string StripComments(string text)
    {
        var result = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                result.Append(' ');
            }
            else if (c == '/' && next == '*')
            {
                int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                result.Append(' ');
                result.Append('\n', text.AsSpan(i, end - i).Count('\n'));
                i = end;
            }
            else if (c is '"' or '\'')
            {
                int start = i++;
                while (i < text.Length && text[i] != c && text[i] != '\n')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i = Math.Min(i + 1, text.Length);
                result.Append(text, start, i - start);
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>The field names of <c>struct <paramref name="structName"/></c>, in declaration order.</summary>
    public static IReadOnlyList<string> ReadStructFields(string headerText, string structName)
    {
        string body = ReadBody(headerText, "struct", structName);
        var fields = new List<string>();
        string[] declarations = body.Split(';');
        for (int i = 0; i < declarations.Length; i++)
        {
            string declaration = Normalize(declarations[i]);
            if (declaration.Length == 0)
            {
                if (i == declarations.Length - 1)
                {
                    continue;
                }

                throw new NotSupportedException($"struct {structName}: an empty declaration; the header reader does not understand it.");
            }

            if (i == declarations.Length - 1)
            {
                throw new NotSupportedException($"struct {structName}: '{declaration}' is not terminated by ';'.");
            }

            if (declaration.IndexOfAny(['(', ',', ':', '#', '{', '}', '=']) >= 0)
            {
                throw new NotSupportedException(
                    $"struct {structName}: the field declaration '{declaration}' uses syntax the header reader does not understand " +
                    "(inline function pointer, comma list, bit field, preprocessor line or nested definition); extend LlamaHeaderText.");
            }

            Match match = FieldDeclaration().Match(declaration);
            if (!match.Success)
            {
                throw new NotSupportedException($"struct {structName}: cannot read a field name from '{declaration}'.");
            }

            fields.Add(match.Groups["name"].Value);
        }

        if (fields.Count == 0)
        {
            throw new NotSupportedException($"struct {structName} has no fields the header reader could read.");
        }

        return fields;
    }

    /// <summary>The constant names of <c>enum <paramref name="enumName"/></c>, in declaration order.</summary>
    public static IReadOnlyList<string> ReadEnumConstants(string headerText, string enumName)
    {
        string body = ReadBody(headerText, "enum", enumName);
        var constants = new List<string>();
        foreach (string entry in body.Split(','))
        {
            string text = Normalize(entry);
            if (text.Length == 0)
            {
                continue;
            }

            Match match = EnumEntry().Match(text);
            if (!match.Success || text.Contains('#', StringComparison.Ordinal))
            {
                throw new NotSupportedException($"enum {enumName}: cannot read a constant from '{text}'.");
            }

            constants.Add(match.Groups["name"].Value);
        }

        if (constants.Count == 0)
        {
            throw new NotSupportedException($"enum {enumName} has no constants the header reader could read.");
        }

        return constants;
    }

    /// <summary>Whether <paramref name="headerText"/> holds the definition (with a body) of <c><paramref name="keyword"/> <paramref name="name"/></c>.</summary>
    public static bool Defines(string headerText, string keyword, string name) =>
        DefinitionStart(keyword, name).IsMatch(StripComments(headerText));

    /// <summary>The managed name of a C field or type name: PascalCase, one capital per word.</summary>
    public static string ToPascalCase(string cName)
    {
        var result = new StringBuilder(cName.Length);
        foreach (string word in cName.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            result.Append(char.ToUpperInvariant(word[0]));
            result.Append(word.AsSpan(1));
        }

        return result.ToString();
    }

    /// <summary>The prefix shared by the constants of a C enum: its name upper-cased plus <c>_</c>.</summary>
    public static string EnumConstantPrefix(string enumName) => enumName.ToUpperInvariant() + "_";

    /// <summary>The managed member name of a C enum constant (see the remarks of <see cref="LlamaHeaderText"/>).</summary>
    public static string ToManagedEnumMemberName(string constant, string prefix)
    {
        if (!constant.StartsWith(prefix, StringComparison.Ordinal) || constant.Length == prefix.Length)
        {
            throw new NotSupportedException($"The enum constant {constant} does not start with the prefix {prefix}.");
        }

        string rest = constant[prefix.Length..];
        if (rest.Any(char.IsAsciiDigit))
        {
            return rest;
        }

        var result = new StringBuilder(rest.Length);
        foreach (string word in rest.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            result.Append(word[0]);
            result.Append(word[1..].ToLower(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }

    private static string ReadBody(string headerText, string keyword, string name)
    {
        string text = StripComments(headerText);
        MatchCollection starts = DefinitionStart(keyword, name).Matches(text);
        if (starts.Count != 1)
        {
            throw new NotSupportedException(
                starts.Count == 0
                    ? $"No definition of {keyword} {name} in the header."
                    : $"{starts.Count} definitions of {keyword} {name} in the header (conditional compilation?); the header reader expects one.");
        }

        int open = starts[0].Index + starts[0].Length - 1;
        int close = text.IndexOf('}', open + 1);
        int nested = text.IndexOf('{', open + 1);
        if (close < 0)
        {
            throw new NotSupportedException($"The definition of {keyword} {name} is not closed.");
        }

        if (nested >= 0 && nested < close)
        {
            throw new NotSupportedException($"{keyword} {name} holds a nested definition; the header reader does not understand it.");
        }

        return text[(open + 1)..close];
    }

    private static Regex DefinitionStart(string keyword, string name) =>
        new($@"\b{keyword}\s+{Regex.Escape(name)}\s*\{{", RegexOptions.CultureInvariant);

    private static string Normalize(string text) => WhiteSpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"^(?<type>\S.*?)[\s*]*\b(?<name>[A-Za-z_]\w*)\s*(\[[^\]]*\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldDeclaration();

    [GeneratedRegex(@"^(?<name>[A-Za-z_]\w*)\s*(=\s*\S.*)?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex EnumEntry();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
