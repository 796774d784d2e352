using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Tests.Native;

/// <summary>
/// Checks the managed layouts in <c>Benny.Engines.Gguf.Native</c> against the pinned llama.cpp headers: a C program,
/// generated from the field and constant lists read out of <c>llama.h</c>/<c>ggml.h</c>, prints <c>sizeof</c>,
/// <c>offsetof</c> and enum values; each C field and constant must have a managed twin (named by the rules of
/// <see cref="LlamaHeaderText"/>) at the same offset, of the same size, with the same value. A field added to the header
/// therefore fails the test until the managed struct has it. Needs a C compiler (gcc) and the headers fetched by the build.
/// </summary>
[TestFixture]
public sealed class StructLayoutTests
{
    private static readonly (Type Managed, string C)[] Structs =
    [
        (typeof(LlamaModelParams), "llama_model_params"),
        (typeof(LlamaContextParams), "llama_context_params"),
        (typeof(LlamaBatch), "llama_batch"),
        (typeof(LlamaChatMessage), "llama_chat_message"),
        (typeof(LlamaSamplerChainParams), "llama_sampler_chain_params"),
        (typeof(LlamaModelQuantizeParams), "llama_model_quantize_params"),
        (typeof(LlamaTokenData), "llama_token_data"),
        (typeof(LlamaTokenDataArray), "llama_token_data_array"),
        (typeof(LlamaPerfContextData), "llama_perf_context_data"),
        (typeof(LlamaPerfSamplerData), "llama_perf_sampler_data"),
        (typeof(LlamaLogitBias), "llama_logit_bias"),
        (typeof(GgmlThreadpoolParams), "ggml_threadpool_params"),
    ];

    private static readonly (Type Managed, string C)[] Enums =
    [
        (typeof(LlamaSplitMode), "llama_split_mode"),
        (typeof(LlamaLoadMode), "llama_load_mode"),
        (typeof(LlamaLazyMode), "llama_lazy_mode"),
        (typeof(LlamaContextType), "llama_context_type"),
        (typeof(LlamaRopeScalingType), "llama_rope_scaling_type"),
        (typeof(LlamaPoolingType), "llama_pooling_type"),
        (typeof(LlamaAttentionType), "llama_attention_type"),
        (typeof(LlamaFlashAttnType), "llama_flash_attn_type"),
        (typeof(GgmlType), "ggml_type"),
        (typeof(LlamaFtype), "llama_ftype"),
    ];

    // Constants that count an enum's members rather than name one. The public GgmlType (shared with the
    // GGUF reader) has no such member; every real type must still match.
    private static readonly HashSet<string> CountSentinels = new(StringComparer.Ordinal) { "GGML_TYPE_COUNT" };

    // One probe (one compile) for the whole fixture; a failure is cached and reported by every test that needs it.
    private static readonly Lazy<LlamaHeaderProbe> Probe = new(
        () => LlamaHeaderProbe.Run(Structs.Select(s => s.C), Enums.Select(e => e.C)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static IEnumerable<TestCaseData> StructCases =>
        Structs.Select(s => new TestCaseData(s.Managed, s.C).SetArgDisplayNames(s.Managed.Name));

    private static IEnumerable<TestCaseData> EnumCases =>
        Enums.Select(e => new TestCaseData(e.Managed, e.C).SetArgDisplayNames(e.Managed.Name));

    [TestCaseSource(nameof(StructCases))]
    public void Layout_ManagedStruct_MatchesPinnedHeader(Type managed, string cStruct)
    {
        LlamaHeaderProbe probe = GetProbe();
        var problems = new List<string>();

        long cSize = probe.Sizes[$"struct {cStruct}"];
        int managedSize = RuntimeSize(managed);
        if (cSize != managedSize || Marshal.SizeOf(managed) != managedSize)
        {
            problems.Add($"size: C {cSize}, managed {managedSize} (marshalled {Marshal.SizeOf(managed)})");
        }

        Dictionary<string, FieldInfo> managedFields = InstanceFields(managed).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var twins = new HashSet<string>(StringComparer.Ordinal);
        foreach (string cField in probe.StructFields[cStruct])
        {
            string name = LlamaHeaderText.ToPascalCase(cField);
            (long cOffset, long cFieldSize) = probe.Fields[(cStruct, cField)];
            if (!managedFields.TryGetValue(name, out FieldInfo? field))
            {
                problems.Add($"field {cField}: no managed field {name} (C offset {cOffset}, size {cFieldSize})");
                continue;
            }

            twins.Add(name);
            // The type is blittable and sequential (checked below), so its managed layout is its native layout and
            // Marshal.OffsetOf is the runtime offset.
            long offset = Marshal.OffsetOf(managed, name).ToInt64();
            int? size = FieldSize(field);
            if (offset != cOffset || size != cFieldSize)
            {
                string managedFieldSize = size?.ToString(CultureInfo.InvariantCulture) ?? "not blittable";
                problems.Add(
                    $"field {cField} -> {name}: C offset {cOffset} size {cFieldSize}, managed offset {offset} size {managedFieldSize} ({field.FieldType})");
            }
        }

        foreach (string extra in managedFields.Keys.Where(k => !twins.Contains(k)))
        {
            problems.Add($"managed field {extra}: no C field of struct {cStruct} maps to it");
        }

        Assert.That(problems, Is.Empty,
            $"{managed.Name} does not match struct {cStruct} of {probe.IncludeDirectory}/llama.h:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", problems));
    }

    [TestCaseSource(nameof(StructCases))]
    public void Fields_ManagedStruct_AreBlittableAndSequential(Type managed, string cStruct)
    {
        string[] notBlittable = InstanceFields(managed)
            .Where(f => FieldSize(f) is null)
            .Select(f => $"{f.Name} ({f.FieldType})")
            .ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(managed.IsValueType && managed.IsLayoutSequential, Is.True, $"{managed.Name} must be a sequential struct (mirrors {cStruct}).");
            Assert.That(managed.IsVisible, Is.False, $"{managed.Name} is native interop and must stay internal.");
            Assert.That(notBlittable, Is.Empty,
                $"{managed.Name} has fields that are not blittable primitives, enums or pointers (C bool is a byte field): {string.Join(", ", notBlittable)}");
        });
    }

    [TestCaseSource(nameof(EnumCases))]
    public void Values_ManagedEnum_MatchPinnedHeader(Type managed, string cEnum)
    {
        LlamaHeaderProbe probe = GetProbe();
        var problems = new List<string>();
        string prefix = LlamaHeaderText.EnumConstantPrefix(cEnum);

        long cSize = probe.Sizes[$"enum {cEnum}"];
        int? managedSize = BlittableSize(managed);
        if (cSize != managedSize)
        {
            problems.Add($"size: C {cSize}, managed {managedSize} ({Enum.GetUnderlyingType(managed)})");
        }

        var twins = new HashSet<string>(StringComparer.Ordinal);
        foreach (string constant in probe.EnumConstants[cEnum].Where(c => !CountSentinels.Contains(c)))
        {
            string name = LlamaHeaderText.ToManagedEnumMemberName(constant, prefix);
            long cValue = probe.EnumValues[(cEnum, constant)];
            if (!Enum.GetNames(managed).Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"{constant} = {cValue}: no managed member {name}");
                continue;
            }

            twins.Add(name);
            long value = Convert.ToInt64(Enum.Parse(managed, name), CultureInfo.InvariantCulture);
            if (value != cValue)
            {
                problems.Add($"{constant} -> {name}: C value {cValue}, managed value {value}");
            }
        }

        foreach (string extra in Enum.GetNames(managed).Where(n => !twins.Contains(n)))
        {
            problems.Add($"managed member {extra}: no constant of enum {cEnum} maps to it");
        }

        Assert.That(problems, Is.Empty,
            $"{managed.Name} does not match enum {cEnum} of the headers in {probe.IncludeDirectory}:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", problems));
    }

    private static LlamaHeaderProbe GetProbe()
    {
        try
        {
            return Probe.Value;
        }
        catch (InvalidOperationException e)
        {
            Assert.Fail(e.Message);
            throw;
        }
    }

    private static FieldInfo[] InstanceFields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static int RuntimeSize(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>The size of a field: a blittable type, or a fixed buffer of one (C <c>bool mask[512]</c> is <c>fixed byte Mask[512]</c>).</summary>
    private static int? FieldSize(FieldInfo field)
        => field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer
            ? BlittableSize(buffer.ElementType) * buffer.Length
            : BlittableSize(field.FieldType);

    /// <summary>The size of a blittable field type (primitive, enum, pointer, function pointer), or null for anything else.</summary>
    private static int? BlittableSize(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer || type == typeof(nint) || type == typeof(nuint))
        {
            return IntPtr.Size;
        }

        if (type.IsEnum)
        {
            return BlittableSize(Enum.GetUnderlyingType(type));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.SByte => 1,
            TypeCode.Int16 or TypeCode.UInt16 => 2,
            TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Single => 4,
            TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Double => 8,
            _ => null,
        };
    }
}
