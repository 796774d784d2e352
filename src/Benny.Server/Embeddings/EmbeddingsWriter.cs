using System.Runtime.InteropServices;
using Benny.Server.Chat;
using Microsoft.Extensions.AI;

namespace Benny.Server.Embeddings;

/// <summary>Writes an embeddings response in OpenAI's wire format.</summary>
internal static class EmbeddingsWriter
{
    /// <summary><c>{"object": "list", "data": [{"object": "embedding", "index", "embedding"}], "model", "usage": {"prompt_tokens", "total_tokens"}}</c>.</summary>
    public static byte[] Response(GeneratedEmbeddings<Embedding<float>> embeddings, string model, bool base64)
        => ChatCompletionWriter.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (int i = 0; i < embeddings.Count; i++)
            {
                ReadOnlySpan<float> vector = embeddings[i].Vector.Span;
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                if (base64)
                {
                    // OpenAI's base64 format: the float32 values' bytes, little-endian, as one base64 string.
                    writer.WriteBase64String("embedding", LittleEndianBytes(vector));
                }
                else
                {
                    writer.WriteStartArray("embedding");
                    foreach (float value in vector)
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            long promptTokens = embeddings.Usage?.InputTokenCount ?? 0;
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", promptTokens);
            writer.WriteNumber("total_tokens", embeddings.Usage?.TotalTokenCount ?? promptTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static ReadOnlySpan<byte> LittleEndianBytes(ReadOnlySpan<float> vector)
    {
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.AsBytes(vector);
        }

        byte[] bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }
}
