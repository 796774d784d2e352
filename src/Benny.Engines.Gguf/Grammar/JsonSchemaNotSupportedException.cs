namespace Benny.Engines.Gguf.Grammar;

/// <summary>A JSON schema uses a keyword that a GBNF grammar cannot enforce (such as <c>pattern</c> or bounds on a <c>number</c>).</summary>
public sealed class JsonSchemaNotSupportedException : NotSupportedException
{
    /// <summary>Initializes a new instance of the <see cref="JsonSchemaNotSupportedException"/> class.</summary>
    public JsonSchemaNotSupportedException()
        : this("A JSON schema keyword is not supported.", "", "")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonSchemaNotSupportedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public JsonSchemaNotSupportedException(string message)
        : this(message, "", "")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonSchemaNotSupportedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public JsonSchemaNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Keyword = "";
        SchemaPath = "";
    }

    /// <summary>Initializes a new instance of the <see cref="JsonSchemaNotSupportedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="keyword">The keyword.</param>
    /// <param name="schemaPath">The JSON schemaPath of the keyword in the schema (<c>#/properties/code/pattern</c>).</param>
    public JsonSchemaNotSupportedException(string message, string keyword, string schemaPath)
        : base(message)
    {
        Keyword = keyword;
        SchemaPath = schemaPath;
    }

    /// <summary>Gets the keyword the grammar cannot enforce.</summary>
    public string Keyword { get; }

    /// <summary>Gets the JSON schemaPath of the keyword in the schema, such as <c>#/properties/code/pattern</c>.</summary>
    public string SchemaPath { get; }
}
