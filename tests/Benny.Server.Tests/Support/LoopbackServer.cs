using System.ClientModel;
using Benny.Engines.Gguf;
using Benny.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace Benny.Server.Tests.Support;

/// <summary>A Benny server on Kestrel at 127.0.0.1 on a free port, as <c>benny serve</c> would run it.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LoopbackServer> StartAsync(Action<BennyOptions> models, Action<BennyServerOptions>? server = null, Action<IBennyBuilder>? benny = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        IBennyBuilder bennyBuilder = builder.Services.AddBenny(models).AddGgufEngine(o =>
        {
            o.Backend = GgufBackend.Cpu;
            o.Threads = 1;
        });
        benny?.Invoke(bennyBuilder);
        builder.Services.AddBennyServer(server);
        WebApplication app = builder.Build();
        app.MapBennyOpenAi();
        await app.StartAsync();
        return new LoopbackServer(app, new Uri(app.Urls.First()));
    }

    /// <summary>The official OpenAI client pointed at this server's <c>/v1</c>.</summary>
    public OpenAIClient OpenAi() => new(new ApiKeyCredential("not-checked"), new OpenAIClientOptions { Endpoint = new Uri(BaseAddress, "/v1") });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
