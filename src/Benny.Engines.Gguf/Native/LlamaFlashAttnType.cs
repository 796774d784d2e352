namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_flash_attn_type</c> of the pinned <c>llama.h</c>: when Flash Attention is used.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaFlashAttnType
{
    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_AUTO</c>: enabled where the backend supports it.</summary>
    Auto = -1,

    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_DISABLED</c>: never.</summary>
    Disabled = 0,

    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_ENABLED</c>: always.</summary>
    Enabled = 1,
}
