using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Tests;

/// <summary>A real engine from DI with the built-in activities (and any extra ones a test adds).</summary>
internal static class Engine
{
    public static WorkflowEngine Create(Action<WorkflowEngineBuilder>? configure = null, TimeProvider? time = null) =>
        Provider(configure, time).GetRequiredService<WorkflowEngine>();

    /// <summary>The services behind <see cref="Create"/>, for tests that need more of them (the Elsa exporter).</summary>
    public static ServiceProvider Provider(Action<WorkflowEngineBuilder>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var builder = services.AddWorkflowEngine();
        configure?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    public static ExecutableWorkflow Load(this WorkflowEngine engine, string yaml)
    {
        var result = engine.Load("test.yaml", yaml);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Workflow!;
    }

    public static async Task<WorkflowRunResult> RunAsync(string yaml, JsonNode? input = null, Action<WorkflowEngineBuilder>? configure = null)
    {
        var engine = Create(configure);
        return await engine.RunAsync(engine.Load(yaml), input);
    }
}
