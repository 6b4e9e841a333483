using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Elsa;

/// <summary>
/// Loads Elsa's own definitions (Elsa/Definitions, see its README) into a real engine that journals inputs, and reads
/// what their WriteLine activities (the hub's Log) wrote, in order: the lines Elsa's tests capture from the console.
/// </summary>
internal static class ElsaDefinitions
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Elsa", "Definitions");

    public static string Text(string file) => File.ReadAllText(Path.Combine(Folder, file));

    public static WorkflowEngine Engine() => Provider().GetRequiredService<WorkflowEngine>();

    /// <summary>The engine's services: built-in activities, a full journal, and the Webhook and Schedule triggers Elsa's trigger activities become.</summary>
    public static ServiceProvider Provider() => Tests.Engine.Provider(b =>
    {
        b.Services.Configure<WorkflowEngineOptions>(o => o.Journal = JournalDetail.Full);
        b.AddTriggerType("Webhook").AddTriggerType("Schedule");
    });

    public static WorkflowLoadResult Load(string file, WorkflowEngine? engine = null) => (engine ?? Engine()).Load(file, Text(file));

    public static async Task<WorkflowRunResult> RunAsync(string file, JsonNode? input = null)
    {
        var engine = Engine();
        var loaded = engine.Load(file, Text(file));
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));
        return await engine.RunAsync(loaded.Workflow!, input);
    }

    /// <summary>
    /// An Elsa definition of one <c>Elsa.SetVariable</c> per script, each setting the variable with id
    /// <paramref name="resultId"/> by an expression of type <paramref name="kind"/>, run in order; indented, so that an
    /// error's line points into it.
    /// </summary>
    public static string SetVariableChain(string definitionId, string kind, string resultId, JsonArray variables, JsonArray? inputs, params string[] scripts)
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        for (var i = 0; i < scripts.Length; i++)
        {
            activities.Add(new JsonObject
            {
                ["id"] = $"Step{i}",
                ["type"] = "Elsa.SetVariable",
                ["variable"] = new JsonObject { ["id"] = resultId },
                ["value"] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = kind, ["value"] = scripts[i] } },
            });
            if (i > 0)
            {
                connections.Add(new JsonObject { ["source"] = new JsonObject { ["activity"] = $"Step{i - 1}", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = $"Step{i}", ["port"] = "In" } });
            }
        }

        return new JsonObject
        {
            ["$schema"] = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
            ["definitionId"] = definitionId,
            ["version"] = 1,
            ["variables"] = variables,
            ["inputs"] = inputs ?? [],
            ["root"] = new JsonObject { ["id"] = "Flowchart1", ["type"] = "Elsa.Flowchart", ["activities"] = activities, ["connections"] = connections },
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Loads <paramref name="text"/> (it must load) and runs it once.</summary>
    public static async Task<WorkflowRunResult> RunTextAsync(string file, string text, JsonNode? input = null)
    {
        var engine = Engine();
        var loaded = engine.Load(file, text);
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));
        return await engine.RunAsync(loaded.Workflow!, input);
    }

    /// <summary>The messages the run's Log activities (Elsa's WriteLine) wrote, in order.</summary>
    public static string[] Lines(WorkflowRunResult result) =>
        [.. result.Journal.Where(e => e.ActivityType == "Log" && e.Error is null).Select(e => e.Inputs?["message"]?.GetValue<string>() ?? "")];
}
