namespace Benny.Engines.OpenVino;

/// <summary>Facts about a loaded OpenVINO model and how it runs; from <c>chatClient.GetService&lt;OpenVinoModelInfo&gt;()</c>.</summary>
/// <param name="Folder">The model folder actually compiled (a sibling weight-format folder when the requested one failed).</param>
/// <param name="RequestedFolder">The model folder that was asked for.</param>
/// <param name="Device">The device the model actually runs on (a fallback device when the requested one failed).</param>
/// <param name="WeightFormat">The weight format of <paramref name="Folder"/> (<c>int4</c>, <c>int8</c>, <c>fp16</c>, ...), if known.</param>
/// <param name="SourceModel">The model the folder was converted from, if known.</param>
/// <param name="Task">The export task (<c>text-generation-with-past</c>), if known.</param>
/// <param name="RuntimeDescription">The OpenVINO GenAI runtime that compiled it (library folder and version).</param>
/// <param name="CacheDirectory">The compiled-model cache folder passed as <c>CACHE_DIR</c>.</param>
/// <param name="FailedAttempts">The folder/device pairs that failed to compile before this one succeeded, in order; empty when the first try worked.</param>
public sealed record OpenVinoModelInfo(
    string Folder,
    string RequestedFolder,
    string Device,
    string? WeightFormat,
    string? SourceModel,
    string? Task,
    string RuntimeDescription,
    string CacheDirectory,
    IReadOnlyList<OpenVinoLoadAttempt> FailedAttempts);
