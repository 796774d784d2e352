namespace Benny.Runtime.Prompts;

/// <summary>The type of a prompt template input variable, as written in the front matter's <c>input.schema</c>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members mirror the dotprompt / JSON Schema type names (string, integer, object).")]
public enum PromptVariableType
{
    /// <summary>Any value (<c>any</c>); not checked.</summary>
    Any = 0,

    /// <summary>A string (<c>string</c>, alias <c>str</c>).</summary>
    String,

    /// <summary>An integral number (<c>integer</c>, aliases <c>int</c>); <see cref="bool"/> is not an integer.</summary>
    Integer,

    /// <summary>Any number, integral or not (<c>number</c>, alias <c>float</c>).</summary>
    Number,

    /// <summary>A boolean (<c>boolean</c>, alias <c>bool</c>).</summary>
    Boolean,

    /// <summary>A list (<c>array</c>, alias <c>list</c>): any enumerable that is neither a string nor a dictionary.</summary>
    Array,

    /// <summary>A map with string keys (<c>object</c>, alias <c>dict</c>).</summary>
    Object,
}
