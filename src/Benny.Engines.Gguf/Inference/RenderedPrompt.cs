namespace Benny.Engines.Gguf.Inference;

/// <summary>A prompt ready to tokenize.</summary>
/// <param name="Text">The prompt text.</param>
/// <param name="ParseSpecial">Whether special-token text in it (<c>&lt;|im_start|&gt;</c>) becomes special tokens: true for templated prompts.</param>
/// <param name="AddSpecial">Whether the tokenizer adds the model's BOS token: false when the template already wrote it.</param>
internal sealed record RenderedPrompt(string Text, bool ParseSpecial, bool AddSpecial);
