using System.Text.Json.Nodes;
using IntegrationHub.Host.Workflows;
using IntegrationHub.IntegrationTests.Hosting;
using IntegrationHub.Testing;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>The CLI verbs of the real binary, and the committed schema against the code.</summary>
public sealed class WorkflowCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Validate_RepositoryWorkflows_AreAllValid()
    {
        using var cli = HostProcess.Start(Repository.Root, new Dictionary<string, string>(), "validate", "workflows");

        Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Matches(@"\d+ workflow files: \d+ valid, 0 with errors", cli.Stdout);
    }

    [Fact]
    public async Task Validate_BrokenFile_PrintsEveryErrorAndExitsOne()
    {
        File.WriteAllText(_dir.File("bad.yaml"), """
            definitionId: bad
            version: 1
            root:
              type: Sequence
              activities:
                - { id: a, type: If }
            """);

        using var cli = HostProcess.Start(_dir.Path, new Dictionary<string, string>(), "validate", ".");

        Assert.Equal(1, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("bad.yaml:1:1 triggers: a workflow needs a trigger (one of: Kafka.MessageReceived, Manual, Schedule, Webhook)", cli.Stdout);
        Assert.Contains("bad.yaml:6:7 root.activities[0]: 'If' needs input 'condition'", cli.Stdout);
        Assert.Contains("1 workflow files: 0 valid, 1 with errors", cli.Stdout);
    }

    [Fact]
    public async Task Run_ExampleWorkflow_PrintsTheJournal()
    {
        using var cli = HostProcess.Start(Repository.Root, new Dictionary<string, string>(),
            "run", "order-value-tier", "--input", "workflows/samples/order.input.json");

        Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("order-value-tier v1: Finished / Finished", cli.Stdout);
        Assert.Contains("set-medium", cli.Stdout);
        Assert.Contains("var tier = \"medium\"", cli.Stdout);
    }

    [Fact]
    public void CommittedSchema_MatchesTheRegisteredActivities()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddHubWorkflowEngine();
        using var provider = services.BuildServiceProvider();
        var generated = WorkflowSchema.Generate(provider.GetRequiredService<ActivityRegistry>(), provider.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TriggerTypes);

        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "workflows", "workflow.schema.json")));

        Assert.True(JsonNode.DeepEquals(generated, committed), "workflows/workflow.schema.json is stale: run `dotnet run --project src/IntegrationHub.Host -- schema`");
    }

    public void Dispose() => _dir.Dispose();

}
