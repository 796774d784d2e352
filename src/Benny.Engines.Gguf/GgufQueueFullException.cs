namespace Benny.Engines.Gguf;

/// <summary>
/// Thrown by <see cref="GgufChatClient.GetStreamingResponseAsync"/> and <see cref="GgufChatClient.GetResponseAsync"/>
/// when a model already has <see cref="GgufEngineOptions.Parallel"/> requests running and
/// <see cref="GgufEngineOptions.QueueLimit"/> waiting: the request is not queued. Retry later, or raise the limit.
/// </summary>
public sealed class GgufQueueFullException : InvalidOperationException
{
    /// <summary>Initializes a new instance.</summary>
    public GgufQueueFullException()
        : this("The GGUF model's request queue is full.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public GgufQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GgufQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the model and the limit.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="queueLimit">The queue limit that was reached.</param>
    public GgufQueueFullException(string modelId, int queueLimit)
        : base($"The GGUF model '{modelId}' has no free sequence slot and {queueLimit} request(s) already waiting (QueueLimit {queueLimit}). Retry later, or raise GgufEngineOptions.QueueLimit or Parallel.")
    {
        ModelId = modelId;
        QueueLimit = queueLimit;
    }

    /// <summary>Gets the model whose queue is full.</summary>
    public string? ModelId { get; }

    /// <summary>Gets the queue limit that was reached.</summary>
    public int QueueLimit { get; }
}
