namespace Benny.Engines.Gguf.Tests.Native;

[TestFixture]
public sealed class LlamaHeaderTextTests
{
    [TestCase("n_gpu_layers", "NGpuLayers")]
    [TestCase("progress_callback_user_data", "ProgressCallbackUserData")]
    [TestCase("t_p_eval_ms", "TPEvalMs")]
    [TestCase("p", "P")]
    [TestCase("llama_model_params", "LlamaModelParams")]
    [TestCase("ggml_type", "GgmlType")]
    public void ToPascalCase_SnakeCaseName_CapitalizesEachWord(string cName, string expected) =>
        Assert.That(LlamaHeaderText.ToPascalCase(cName), Is.EqualTo(expected));

    [TestCase("LLAMA_SPLIT_MODE_LAYER", "LLAMA_SPLIT_MODE_", "Layer")]
    [TestCase("LLAMA_ATTENTION_TYPE_NON_CAUSAL", "LLAMA_ATTENTION_TYPE_", "NonCausal")]
    [TestCase("LLAMA_ROPE_SCALING_TYPE_MAX_VALUE", "LLAMA_ROPE_SCALING_TYPE_", "MaxValue")]
    [TestCase("GGML_TYPE_COUNT", "GGML_TYPE_", "Count")]
    public void ToManagedEnumMemberName_NameWithoutDigits_IsPascalCase(string constant, string prefix, string expected) =>
        Assert.That(LlamaHeaderText.ToManagedEnumMemberName(constant, prefix), Is.EqualTo(expected));

    [TestCase("GGML_TYPE_Q4_K", "GGML_TYPE_", "Q4_K")]
    [TestCase("GGML_TYPE_IQ2_XXS", "GGML_TYPE_", "IQ2_XXS")]
    [TestCase("LLAMA_FTYPE_MOSTLY_Q4_K_M", "LLAMA_FTYPE_", "MOSTLY_Q4_K_M")]
    [TestCase("LLAMA_FTYPE_ALL_F32", "LLAMA_FTYPE_", "ALL_F32")]
    public void ToManagedEnumMemberName_NameWithDigit_IsKeptVerbatim(string constant, string prefix, string expected) =>
        Assert.That(LlamaHeaderText.ToManagedEnumMemberName(constant, prefix), Is.EqualTo(expected));

    [Test]
    public void ToManagedEnumMemberName_OtherPrefix_Throws() =>
        Assert.That(() => LlamaHeaderText.ToManagedEnumMemberName("GGML_TYPE_F32", "LLAMA_FTYPE_"), Throws.TypeOf<NotSupportedException>());

    [Test]
    public void EnumConstantPrefix_EnumName_IsUpperCaseWithUnderscore() =>
        Assert.That(LlamaHeaderText.EnumConstantPrefix("llama_split_mode"), Is.EqualTo("LLAMA_SPLIT_MODE_"));

    [Test]
    public void ReadStructFields_PlainStruct_ReturnsFieldsInDeclarationOrder()
    {
        const string header = """
            struct demo; // a forward declaration is not the definition
            typedef bool (*demo_callback)(float progress, void * user_data);
            typedef struct demo {
                // leading comment; with a semicolon
                int32_t n_tokens;          /* block; comment */
                llama_seq_id ** seq_id;
                const struct other * items; // pointer to struct
                demo_callback callback;
                char key[128];
                bool no_perf;
            } demo;
            """;

        Assert.That(
            LlamaHeaderText.ReadStructFields(header, "demo"),
            Is.EqualTo(new[] { "n_tokens", "seq_id", "items", "callback", "key", "no_perf" }));
    }

    [TestCase("union { int64_t i; double d; };")]
    [TestCase("bool (*callback)(void * data);")]
    [TestCase("int a, b;")]
    [TestCase("unsigned flag : 1;")]
    [TestCase("#ifdef X\n int extra;\n#endif\n int x;")]
    [TestCase("int missing_semicolon")]
    public void ReadStructFields_UnsupportedDeclaration_Throws(string body) =>
        Assert.That(() => LlamaHeaderText.ReadStructFields($"struct demo {{ int first; {body} }};", "demo"), Throws.TypeOf<NotSupportedException>());

    [Test]
    public void ReadStructFields_NoDefinition_Throws() =>
        Assert.That(() => LlamaHeaderText.ReadStructFields("struct demo;\nstruct demo * p;", "demo"), Throws.TypeOf<NotSupportedException>());

    [Test]
    public void ReadStructFields_NameIsPrefixOfAnother_ReadsTheExactStruct() =>
        Assert.That(
            LlamaHeaderText.ReadStructFields("struct demo_ext { int a; };\nstruct demo { int b; };", "demo"),
            Is.EqualTo(new[] { "b" }));

    [Test]
    public void ReadEnumConstants_InitializersAndComments_ReturnsNamesInDeclarationOrder()
    {
        const string header = """
            enum demo_mode {
                DEMO_MODE_AUTO = -1, // auto, detected
                DEMO_MODE_ONE  = 1 << 0,
                // DEMO_MODE_REMOVED = 2,
                DEMO_MODE_LAST,
                DEMO_MODE_MAX  = DEMO_MODE_LAST,
            };
            """;

        Assert.That(
            LlamaHeaderText.ReadEnumConstants(header, "demo_mode"),
            Is.EqualTo(new[] { "DEMO_MODE_AUTO", "DEMO_MODE_ONE", "DEMO_MODE_LAST", "DEMO_MODE_MAX" }));
    }

    [Test]
    public void StripComments_CommentMarkersInsideStringLiteral_KeepsTheLiteral() =>
        Assert.That(
            LlamaHeaderText.StripComments("const char * url = \"https://x/*y*/\"; // gone"),
            Is.EqualTo("const char * url = \"https://x/*y*/\";  "));
}
