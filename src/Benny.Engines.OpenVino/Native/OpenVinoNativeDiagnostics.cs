namespace Benny.Engines.OpenVino.Native;

/// <summary>Where the OpenVINO GenAI natives were found and what was loaded.</summary>
/// <param name="Directory">The folder they were loaded from.</param>
/// <param name="Searched">Each folder tried, in order, with its outcome.</param>
/// <param name="Files">The file loaded for each logical library (<c>openvino_c</c>, <c>openvino_genai_c</c>).</param>
internal sealed record OpenVinoNativeDiagnostics(string Directory, IReadOnlyList<string> Searched, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Gets a one-line description for logs.</summary>
    public string Description =>
        $"OpenVINO GenAI C API (bound to {OpenVinoLibraryNames.PinnedRelease}) from {Directory}: "
        + string.Join(", ", Files.Select(f => $"{f.Key} = {Path.GetFileName(f.Value)}"));
}
