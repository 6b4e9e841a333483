using IntegrationHub.DevEnvironment;
using IntegrationHub.Sandbox;
using Microsoft.Extensions.Options;

// The development environment: vendor sandboxes + a development Kafka cluster + the demo ERP, in their own process so
// that they outlive the hub (a hub can be killed and started again against the same broker and the same CRM).
//   dotnet src/IntegrationHub.DevEnvironment/bin/Release/net10.0/IntegrationHub.DevEnvironment.dll [--DevEnvironment:DemoErp=false] ...
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
    ContentRootPath = AppContext.BaseDirectory,
});
// Defaults in code, not an appsettings.json (tests copy this assembly next to the hub's, whose appsettings.json it would shadow).
builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
    .AddFilter("Microsoft.Extensions.Http", LogLevel.Warning)
    .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
    .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
builder.Services.AddOptions<DevEnvironmentOptions>().BindConfiguration(DevEnvironmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.PostConfigure<DevEnvironmentOptions>(o =>
{
    if (builder.Configuration["HUB_API_KEY"] is { Length: > 0 } key)
    {
        o.HubApiKey = key;
    }
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpClient(HubWatcher.HttpClientName);
builder.Services.AddSingleton<DevEnvironmentService>().AddHostedService(sp => sp.GetRequiredService<DevEnvironmentService>());
var demoErp = builder.Configuration.GetValue(DevEnvironmentOptions.Section + ":" + nameof(DevEnvironmentOptions.DemoErp), true);
builder.Services.AddSingleton<HubWatcher>();
if (demoErp)
{
    builder.Services.AddErpOrderGenerator();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<HubWatcher>());
    builder.Services.AddHostedService<DemoSummaryService>();
    builder.Services.AddHostedService<BusinessActivity>();
}

using var host = builder.Build();
try
{
    host.Services.GetRequiredService<IStartupValidator>().Validate();
    IntegrationHub.Sandbox.Hosting.SandboxSystems.ValidateConfiguration(builder.Configuration);
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (Failures(ex) is { Count: > 0 } failures)
{
    // One line naming each bad setting (DevEnvironment:*, Sandbox:*), no stack trace.
    await Console.Error.WriteLineAsync($"IntegrationHub dev environment cannot start: {string.Join(" ", failures)}");
    return 2;
}

static List<string> Failures(Exception ex) => ex switch
{
    OptionsValidationException v => [.. v.Failures.Select(f => f.Contains("with the error: '", StringComparison.Ordinal) ? f[(f.IndexOf("with the error: '", StringComparison.Ordinal) + 17)..].TrimEnd('.', '\'') + "." : f)],
    AggregateException a => [.. a.InnerExceptions.SelectMany(Failures)],
    _ => [],
};
