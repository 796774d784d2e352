namespace Benny.Runtime.Templates;

/// <summary>Binds positional and keyword arguments to a Python-style signature for built-in filters, tests and methods.</summary>
internal static class ArgumentBinder
{
    /// <summary>Marks a parameter without a default.</summary>
    public static readonly object Required = new();

    public static object?[] Bind(string function, List<object?> args, List<KeyValuePair<string, object?>> kwargs, string[] names, params object?[] defaults)
    {
        if (args.Count > names.Length)
        {
            throw TemplateError.Type($"{function}() takes at most {names.Length} argument(s) ({args.Count} given)");
        }

        var result = new object?[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            result[i] = i < args.Count ? args[i] : defaults[i];
        }

        foreach (var (key, value) in kwargs)
        {
            var index = Array.IndexOf(names, key);
            if (index < 0)
            {
                throw TemplateError.Type($"{function}() got an unexpected keyword argument '{key}'");
            }

            if (index < args.Count)
            {
                throw TemplateError.Type($"{function}() got multiple values for argument '{key}'");
            }

            result[index] = value;
        }

        for (var i = 0; i < result.Length; i++)
        {
            if (ReferenceEquals(result[i], Required))
            {
                throw TemplateError.Type($"{function}() missing required argument '{names[i]}'");
            }
        }

        return result;
    }
}
