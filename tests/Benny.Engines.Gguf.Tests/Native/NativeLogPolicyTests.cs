using Benny.Engines.Gguf.Native;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Tests.Native;

/// <summary>The level of llama.cpp's log lines; the lines are llama.cpp v0.5.0's own, as an aborted decode and a load write them.</summary>
public class NativeLogPolicyTests
{
    private static readonly string[] AbortLines =
    [
        "graph_compute: ggml_backend_sched_graph_compute_async failed with error 1",
        "process_ubatch: failed to compute graph, compute status: 1",
        "decode: removing memory module entries for seq_id = 0, pos = [0, +inf)",
        "llama_decode: failed to decode, ret = 2",
    ];

    [Test]
    public void Adjust_DuringADecodeItsAbortCallbackStopped_LogsTheFailureLinesAtDebug()
    {
        var call = new NativeLogPolicy.DecodeCall();
        NativeLogPolicy.EnterDecode(call);
        try
        {
            call.RequestAbort();
            Assert.That(AbortLines.Select(l => NativeLogPolicy.Adjust(LogLevel.Error, l)), Has.All.EqualTo(LogLevel.Debug));
            Assert.That(NativeLogPolicy.Adjust(LogLevel.Warning, AbortLines[2]), Is.EqualTo(LogLevel.Debug));
        }
        finally
        {
            NativeLogPolicy.ExitDecode();
        }
    }

    [Test]
    public void Adjust_ADecodeThatFailsOnItsOwn_KeepsItsErrors()
    {
        var call = new NativeLogPolicy.DecodeCall();
        NativeLogPolicy.EnterDecode(call);
        try
        {
            Assert.That(NativeLogPolicy.Adjust(LogLevel.Error, AbortLines[3]), Is.EqualTo(LogLevel.Error));
        }
        finally
        {
            NativeLogPolicy.ExitDecode();
        }

        call.RequestAbort();
        Assert.That(NativeLogPolicy.Adjust(LogLevel.Error, AbortLines[3]), Is.EqualTo(LogLevel.Error), "outside the decode call, nothing is expected");
    }

    [Test]
    public void Adjust_AnotherThreadsAbortedDecode_DoesNotHideThisThreadsErrors()
    {
        var call = new NativeLogPolicy.DecodeCall();
        call.RequestAbort();
        var other = new Thread(() => NativeLogPolicy.EnterDecode(call));
        other.Start();
        other.Join();

        Assert.That(NativeLogPolicy.Adjust(LogLevel.Error, AbortLines[0]), Is.EqualTo(LogLevel.Error));
    }

    [TestCase("load: bad special token: 'tokenizer.ggml.seperator_token_id' = 4294967295, using default id -1", LogLevel.Debug)]
    [TestCase("load: control-looking token: 128247 '</s>' was not control-type; this is probably a bug in the model. its type will be overridden", LogLevel.Warning)]
    [TestCase("llama_model_load: error loading model: tensor 'output.weight' data is not within the file bounds", LogLevel.Warning)]
    public void Adjust_LoadWarnings_OnlyThoseThatChangeNothingGoToDebug(string line, LogLevel expected)
        => Assert.That(NativeLogPolicy.Adjust(LogLevel.Warning, line), Is.EqualTo(expected));
}
