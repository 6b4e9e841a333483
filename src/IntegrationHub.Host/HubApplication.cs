using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.Connectors.Hosting;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Api;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Demo;
using IntegrationHub.Host.Orders;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Workflows.Runtime;
using IntegrationHub.Workflows;
using IntegrationHub.Kafka;
using IntegrationHub.Sandbox;
using IntegrationHub.Sandbox.Erp;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host;

/// <summary>The composition root: builds the hub's web application from arguments and configuration.</summary>
public static class HubApplication
{
    /// <summary>Builds the hub, starting the sandbox systems first when they are enabled. Throws on bad configuration.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        // appsettings.json sits next to the binary; relative paths in settings (./data) stay relative to the working folder.
        // Configuration is validated once at start, so appsettings.json is not watched (saves inotify instances).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        var hub = builder.Configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();

        var sandbox = hub.SandboxEnabled ? await SandboxSystems.StartAsync(builder.Configuration, hub.Demo, cancellationToken) : SandboxSystems.None;
        builder.Configuration.AddInMemoryCollection(sandbox.ConnectorSettings(builder.Configuration).ToList());
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(hub.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        }

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FlowCounters>();
        services.AddSingleton(_ => sandbox); // factory-registered so the container stops it with the host
        services.AddOptions<HubOptions>().BindConfiguration(HubOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<HubOptions>, HubOptionsSetup>();
        services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        services.AddProblemDetails();
        services.AddApiKeyAuthentication();

        services.AddHubStore();
        services.AddFxiaokeConnector();
        services.AddOptionalConnectors(builder.Configuration);
        services.AddHubKafka();
        services.AddConnectorHub(builder.Configuration); // after the built-in connectors: loads Connectors:PluginsPath
        services.AddScoped<OrderIntakeService>();
        services.AddHubWorkflowEngine().AddWorkflowFolder();
        services.AddDurableWorkflows();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSignature>();
        services.AddHostedService<OutboxRelay>();
        if (hub.Demo)
        {
            services.AddErpOrderGenerator();
            services.AddHostedService<DemoSummaryService>();
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHubHealth();
        app.MapWebhookEndpoints();
        app.MapGroup("/api/v1").RequireAuthorization().MapOrderEndpoints().MapSystemEndpoints().MapWorkflowEndpoints().MapConnectorEndpoints().MapEventEndpoints();
        return app;
    }

    /// <summary>Checks every option registered with ValidateOnStart now, so bad configuration fails before anything starts.</summary>
    public static void ValidateConfiguration(WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.Services.GetService<ConnectorRegistry>(); // duplicate or bad connector names stop the start here
    }

    /// <summary>Starts the hub; in demo mode points the demo ERP at it and says which key it uses.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ValidateConfiguration(app);
        await app.StartAsync(cancellationToken);
        var hub = app.Services.GetRequiredService<IOptions<HubOptions>>().Value;
        var address = ListeningAddress(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub");
        HubLog.Listening(logger, address, hub.Demo ? "demo" : "production");
        if (hub.Demo && app.Services.GetService<OrderGeneratorTarget>() is { } target)
        {
            var (client, key) = hub.ApiKeys.First();
            if (client == HubOptionsSetup.DemoClient)
            {
                HubLog.DemoKey(logger, HubOptionsSetup.DemoKey);
            }

            target.Set(address, key);
        }
    }

    public static Uri ListeningAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The HTTP server reports no listening address.");
        return new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }
}
