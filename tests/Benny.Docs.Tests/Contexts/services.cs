// Snippet context "services": a service collection to register into and the application's configuration,
// as a host's builder.Services and builder.Configuration provide them. Used by
// <!-- snippet-context: services -->. Compile-only: snippets are never run.
// Fully qualified names and no using directive, so this never supplies a namespace that a snippet forgot.
global::Microsoft.Extensions.DependencyInjection.IServiceCollection services = new global::Microsoft.Extensions.DependencyInjection.ServiceCollection();
global::Microsoft.Extensions.Configuration.IConfiguration configuration = new global::Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
