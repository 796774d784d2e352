using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Bindings to <c>openvino/genai/c/generation_config.h</c>.</summary>
internal static unsafe partial class Interop
{
    /// <summary>Creates a generation config with the library defaults (<c>ov_genai_generation_config_create</c>).</summary>
    /// <returns>The config.</returns>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static SafeGenerationConfigHandle CreateGenerationConfig()
        => Checked("ov_genai_generation_config_create", ov_genai_generation_config_create(out SafeGenerationConfigHandle config), config);

    /// <summary>Frees a generation config (<c>ov_genai_generation_config_free</c>).</summary>
    /// <param name="config">The config.</param>
    internal static void FreeGenerationConfig(nint config) => ov_genai_generation_config_free(config);

    /// <summary>Sets <c>max_new_tokens</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetMaxNewTokens(SafeGenerationConfigHandle config, nuint value)
        => ThrowIfFailed("ov_genai_generation_config_set_max_new_tokens", ov_genai_generation_config_set_max_new_tokens(config, value));

    /// <summary>Sets <c>do_sample</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetDoSample(SafeGenerationConfigHandle config, bool value)
        => ThrowIfFailed("ov_genai_generation_config_set_do_sample", ov_genai_generation_config_set_do_sample(config, value));

    /// <summary>Sets <c>temperature</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetTemperature(SafeGenerationConfigHandle config, float value)
        => ThrowIfFailed("ov_genai_generation_config_set_temperature", ov_genai_generation_config_set_temperature(config, value));

    /// <summary>Sets <c>top_p</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetTopP(SafeGenerationConfigHandle config, float value)
        => ThrowIfFailed("ov_genai_generation_config_set_top_p", ov_genai_generation_config_set_top_p(config, value));

    /// <summary>Sets <c>top_k</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetTopK(SafeGenerationConfigHandle config, nuint value)
        => ThrowIfFailed("ov_genai_generation_config_set_top_k", ov_genai_generation_config_set_top_k(config, value));

    /// <summary>Sets <c>min_p</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetMinP(SafeGenerationConfigHandle config, float value)
        => ThrowIfFailed("ov_genai_generation_config_set_min_p", ov_genai_generation_config_set_min_p(config, value));

    /// <summary>Sets <c>repetition_penalty</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetRepetitionPenalty(SafeGenerationConfigHandle config, float value)
        => ThrowIfFailed("ov_genai_generation_config_set_repetition_penalty", ov_genai_generation_config_set_repetition_penalty(config, value));

    /// <summary>Sets <c>presence_penalty</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetPresencePenalty(SafeGenerationConfigHandle config, float value)
        => ThrowIfFailed("ov_genai_generation_config_set_presence_penalty", ov_genai_generation_config_set_presence_penalty(config, value));

    /// <summary>Sets <c>frequency_penalty</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetFrequencyPenalty(SafeGenerationConfigHandle config, float value)
        => ThrowIfFailed("ov_genai_generation_config_set_frequency_penalty", ov_genai_generation_config_set_frequency_penalty(config, value));

    /// <summary>Sets <c>rng_seed</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetRngSeed(SafeGenerationConfigHandle config, nuint value)
        => ThrowIfFailed("ov_genai_generation_config_set_rng_seed", ov_genai_generation_config_set_rng_seed(config, value));

    /// <summary>Sets <c>stop_strings</c> (copied by the runtime).</summary>
    /// <param name="config">The config.</param>
    /// <param name="values">The strings.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetStopStrings(SafeGenerationConfigHandle config, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pointers = new nint[values.Count];
        try
        {
            for (int i = 0; i < pointers.Length; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i] ?? throw new ArgumentException($"Stop string {i} is null.", nameof(values)));
            }

            fixed (nint* strings = pointers)
            {
                ThrowIfFailed("ov_genai_generation_config_set_stop_strings", ov_genai_generation_config_set_stop_strings(config, (byte**)strings, (nuint)pointers.Length));
            }
        }
        finally
        {
            foreach (nint pointer in pointers)
            {
                Marshal.FreeCoTaskMem(pointer); // zero (not yet allocated) is a no-op
            }
        }
    }

    /// <summary>Sets <c>include_stop_str_in_output</c>.</summary>
    /// <param name="config">The config.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void GenerationConfigSetIncludeStopStrInOutput(SafeGenerationConfigHandle config, bool value)
        => ThrowIfFailed("ov_genai_generation_config_set_include_stop_str_in_output", ov_genai_generation_config_set_include_stop_str_in_output(config, value));

    /// <summary>Checks the config's consistency (<c>ov_genai_generation_config_validate</c>).</summary>
    /// <param name="config">The config.</param>
    /// <exception cref="OpenVinoException">The config is invalid (the runtime's text says why).</exception>
    internal static void GenerationConfigValidate(SafeGenerationConfigHandle config)
        => ThrowIfFailed("ov_genai_generation_config_validate", ov_genai_generation_config_validate(config));

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_create(out SafeGenerationConfigHandle config);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial void ov_genai_generation_config_free(nint config);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_max_new_tokens(SafeGenerationConfigHandle config, nuint value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_do_sample(SafeGenerationConfigHandle config, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_temperature(SafeGenerationConfigHandle config, float value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_top_p(SafeGenerationConfigHandle config, float value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_top_k(SafeGenerationConfigHandle config, nuint value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_min_p(SafeGenerationConfigHandle config, float value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_repetition_penalty(SafeGenerationConfigHandle config, float value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_presence_penalty(SafeGenerationConfigHandle config, float value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_frequency_penalty(SafeGenerationConfigHandle config, float value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_rng_seed(SafeGenerationConfigHandle config, nuint value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_stop_strings(SafeGenerationConfigHandle config, byte** strings, nuint count);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_set_include_stop_str_in_output(SafeGenerationConfigHandle config, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_generation_config_validate(SafeGenerationConfigHandle config);
}
