using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// Bridges the C <c>streamer_callback</c> to a managed <see cref="Func{T, TResult}"/> for one generate call.
/// The C side gets a static <see cref="UnmanagedCallersOnlyAttribute"/> trampoline and a <see cref="GCHandle"/> to
/// this object; no exception crosses into native code: the first one is stored, CANCEL is returned, and
/// <see cref="RethrowIfFaulted"/> throws it on the managed side after generate returns.
/// </summary>
internal sealed unsafe class GenAiStreamer : IDisposable
{
    private readonly Func<string, GenAiStreamingStatus> _onText;
    private GCHandle _self;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="onText">Receives each piece; returns whether to go on.</param>
    public GenAiStreamer(Func<string, GenAiStreamingStatus> onText)
    {
        ArgumentNullException.ThrowIfNull(onText);
        _onText = onText;
        _self = GCHandle.Alloc(this);
    }

    /// <summary>Gets the exception the callback threw, if any.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Gets the C struct to pass (valid until <see cref="Dispose"/>).</summary>
    public StreamerCallback Callback => new()
    {
        CallbackFunc = &OnPiece,
        Args = GCHandle.ToIntPtr(_self),
    };

    /// <summary>Throws the callback's exception, with its original stack, if it threw.</summary>
    public void RethrowIfFaulted()
    {
        if (Fault is { } fault)
        {
            ExceptionDispatchInfo.Capture(fault).Throw();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnPiece(byte* text, nint args)
    {
        GenAiStreamer? streamer = null;
        try
        {
            streamer = (GenAiStreamer?)GCHandle.FromIntPtr(args).Target;
            if (streamer is null || streamer.Fault is not null)
            {
                return (int)GenAiStreamingStatus.Cancel;
            }

            string piece = Marshal.PtrToStringUTF8((nint)text) ?? "";
            return (int)streamer._onText(piece);
        }
#pragma warning disable CA1031 // No exception may cross into native code: it is stored and rethrown after generate returns.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (streamer is not null)
            {
                streamer.Fault ??= ex;
            }

            return (int)GenAiStreamingStatus.Cancel;
        }
    }
}
