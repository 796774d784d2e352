// Snippet context "client": a chat client (a registry model's keyed IChatClient, say) and the
// conversation to send to it. Used by <!-- snippet-context: client -->. Compile-only: snippets are never run.
// Fully qualified names and no using directive, so this never supplies a namespace that a snippet forgot.
global::Microsoft.Extensions.AI.IChatClient chatClient = null!;
global::System.Collections.Generic.List<global::Microsoft.Extensions.AI.ChatMessage> messages = [];
