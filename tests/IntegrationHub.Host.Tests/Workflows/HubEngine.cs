using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Kafka;
using IntegrationHub.Testing;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Host.Tests.Workflows;

/// <summary>The hub's workflow engine (built-in plus hub activities) on real services: Kafka on the shared embedded cluster.</summary>
internal static class HubEngine
{
    public static ServiceProvider Create(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = SharedKafka.BootstrapServers })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddHubKafka();
        services.AddHubWorkflowEngine();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static ExecutableWorkflow Load(this ServiceProvider services, string yaml)
    {
        var result = services.GetRequiredService<WorkflowEngine>().Load("test.yaml", yaml);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Workflow!;
    }

    public static Task<WorkflowRunResult> RunAsync(this ServiceProvider services, string yaml, System.Text.Json.Nodes.JsonNode? input = null) =>
        services.GetRequiredService<WorkflowEngine>().RunAsync(services.Load(yaml), input).AsTask();
}
