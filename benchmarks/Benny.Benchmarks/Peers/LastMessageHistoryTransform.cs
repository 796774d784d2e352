using LLama.Abstractions;
using LLama.Common;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// LLamaSharp's prompt for its <c>IChatClient</c>: the last message's text as it is (its default writes
/// <c>User: ...\nAssistant: </c>), matching the template the GGUF engine gets in the peer suites.
/// </summary>
internal sealed class LastMessageHistoryTransform : IHistoryTransform
{
    /// <inheritdoc />
    public string HistoryToText(ChatHistory history) => history.Messages.Count == 0 ? "" : history.Messages[^1].Content;

    /// <inheritdoc />
    public ChatHistory TextToHistory(AuthorRole role, string text)
    {
        var history = new ChatHistory();
        history.AddMessage(role, text);
        return history;
    }

    /// <inheritdoc />
    public IHistoryTransform Clone() => new LastMessageHistoryTransform();
}
