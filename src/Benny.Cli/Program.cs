using Benny.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the running command (a download keeps its partial file, a chat stops its answer);
    // a second one ends the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return await BennyCli.RunAsync(args, Console.Out, Console.Error, Console.In, cancellation.Token);
