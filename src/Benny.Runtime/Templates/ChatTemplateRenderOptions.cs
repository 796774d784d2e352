namespace Benny.Runtime.Templates;

/// <summary>Settings of one <see cref="ChatTemplate.Render(IReadOnlyDictionary{string, object?}, ChatTemplateRenderOptions?)"/> call.</summary>
public sealed class ChatTemplateRenderOptions
{
    /// <summary>The default of <see cref="MaxOutputLength"/>: 16 Mi characters.</summary>
    public const int DefaultMaxOutputLength = 16 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxCallDepth"/>: 200 nested macro calls.</summary>
    public const int DefaultMaxCallDepth = 200;

    /// <summary>Gets or sets the clock <c>strftime_now(format)</c> reads (its local time, as Python's <c>datetime.now()</c>).</summary>
    /// <value><see langword="null"/> (the default) means <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets the most characters a render may produce, counting the output of macros and block sets.</summary>
    /// <value><see langword="null"/> (the default) means <see cref="DefaultMaxOutputLength"/>.</value>
    public int? MaxOutputLength { get; set; }

    /// <summary>Gets or sets how deeply macro calls may nest (recursive macros).</summary>
    /// <value><see langword="null"/> (the default) means <see cref="DefaultMaxCallDepth"/>.</value>
    public int? MaxCallDepth { get; set; }
}
