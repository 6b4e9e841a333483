using IntegrationHub.Host.Designer;
using IntegrationHub.Connectors.Hosting;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Api;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Customers;
using IntegrationHub.Host.Receivables;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Orders;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.WebConsole;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Workflows.Runtime;
using IntegrationHub.Kafka;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host;

/// <summary>The composition root: builds the hub's web application from arguments and configuration.</summary>
public static class HubApplication
{
    /// <summary>Builds the hub; with <c>Hub:DevEnvironmentFile</c> it is pointed at a running dev environment. Throws on bad configuration.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        // appsettings.json sits next to the binary; relative paths in settings (./data) stay relative to the working folder.
        // Configuration is validated once at start, so appsettings.json is not watched (saves inotify instances).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(HubApplication).Assembly.GetName().Name, // the console's static files are listed under this name
        });
        configure?.Invoke(builder);
        // The console's static files (its own, MudBlazor's, Blazor's script): from a published folder's wwwroot, or when run
        // from a build output, from where the build's manifest says they are (a no-op when there is no such manifest).
        builder.WebHost.UseStaticWebAssets();
        var hub = builder.Configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();

        cancellationToken.ThrowIfCancellationRequested();
        if (!string.IsNullOrWhiteSpace(hub.DevEnvironmentFile))
        {
            builder.Configuration.AddInMemoryCollection(DevEnvironmentSettings.Read(hub.DevEnvironmentFile, builder.Configuration));
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(hub.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        }

        var services = builder.Services;
        AddConsoleLogging(builder.Logging, services);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FlowCounters>();
        services.AddOptions<HubOptions>().BindConfiguration(HubOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<HubOptions>, HubOptionsSetup>();
        services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        services.AddProblemDetails();
        services.AddExceptionHandler<HubExceptionHandler>();
        services.AddApiKeyAuthentication();
        services.AddAbuseLimits();
        services.AddHubConsole();
        services.AddHubDesigner();

        services.AddHubStore();
        services.AddConfiguredConnectors(builder.Configuration);
        services.AddHubKafka();
        services.AddConnectorHub(builder.Configuration); // after the built-in connectors: loads Connectors:PluginsPath
        services.AddScoped<OrderIntakeService>();
        services.AddSingleton<CustomerCards>();
        services.AddOptions<CustomerOptions>().BindConfiguration(CustomerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CustomerOptions>, CustomerOptionsValidator>();
        services.AddFinance(builder.Configuration);
        services.AddHubOpenApi();
        services.AddHubTelemetry(builder.Configuration);
        services.AddHubWorkflowEngine().AddWorkflowFolder();
        var store = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        var workflowSettings = builder.Configuration.GetSection(IntegrationHub.Workflows.WorkflowEngineOptions.Section).Get<IntegrationHub.Workflows.WorkflowEngineOptions>() ?? new();
        services.AddDurableWorkflows(clusteredSchedules: store.IsPostgres ? store.ConnectionString : null, scheduleSettings: workflowSettings);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSignature>();
        services.AddHostedService<OutboxRelay>();
        services.AddRecordEventRelay();
        services.AddSingleton<QuarantineReplayer>();
        services.AddSingleton<FlowBackfills>().AddHostedService(sp => sp.GetRequiredService<FlowBackfills>());
        services.AddSingleton<IntegrationHub.Connectors.Hosting.Activities.FlowStatistics>();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAbuseLimits();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHubHealth();
        app.MapHubConsole();
        app.MapHubDesigner();
        app.MapWebhookEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json").RequireScope(Scopes.ApiDocsRead);
        app.MapHubApiReference();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireScope(Scopes.MetricsRead);
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapGroup("").WithTags("Orders").MapOrderEndpoints(); // the tags group the API reference
        api.MapGroup("").WithTags("Receivables").MapReceivableEndpoints();
        api.MapGroup("").WithTags("Customers").MapCustomerEndpoints();
        api.MapGroup("").WithTags("Workflows").MapWorkflowEndpoints();
        api.MapGroup("").WithTags("Events").MapEventEndpoints();
        api.MapGroup("").WithTags("Flows").MapFlowEndpoints().MapQuarantineEndpoints();
        api.MapGroup("").WithTags("Dead letters").MapDeadLetterEndpoints();
        api.MapGroup("").WithTags("Connectors").MapConnectorEndpoints();
        api.MapGroup("").WithTags("System").MapSystemEndpoints();
        return app;
    }

    /// <summary>
    /// Console lines carry the trace and span they were written in (<c>=&gt; TraceId:…, SpanId:…</c>, from the current
    /// Activity: every API request, and with tracing on the Kafka records and workflow activities too), so a line can be
    /// looked up in the trace backend. HttpClient's own request loggers are removed: their scopes would print each vendor
    /// URL (query string included) on every line; the connectors' plumbing logs each call itself.
    /// </summary>
    private static void AddConsoleLogging(ILoggingBuilder logging, IServiceCollection services)
    {
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        logging.AddSimpleConsole(o => o.IncludeScopes = true);
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
    }

    /// <summary>Checks every option registered with ValidateOnStart now, so bad configuration fails before anything starts.</summary>
    public static void ValidateConfiguration(WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.Services.GetService<ConnectorRegistry>(); // duplicate or bad connector names stop the start here
        app.Services.GetService<Http.HubGauges>(); // its gauges exist before the first collection
    }

    /// <summary>Starts the hub; in demo mode says which key it uses.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ValidateConfiguration(app);
        await app.StartAsync(cancellationToken);
        var hub = app.Services.GetRequiredService<IOptions<HubOptions>>().Value;
        var address = ListeningAddress(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub");
        HubLog.Listening(logger, address, hub.Demo ? "demo" : "production");
        if (hub.Demo && hub.Clients.ContainsKey(HubOptionsSetup.DemoClient))
        {
            HubLog.DemoKey(logger, HubOptionsSetup.DemoKey);
        }
    }

    public static Uri ListeningAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The HTTP server reports no listening address.");
        return new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }
}
