using System.Text.Json.Nodes;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Elsa;
using IntegrationHub.Workflows.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Host.Tests.Elsa;

/// <summary>
/// Every workflow in the repository's workflows/ folder, exported to Elsa's format with the hub's own engine (every hub
/// activity and trigger, as the CLI builds it), loads back as the same workflow: exporting the import again gives the
/// same JSON, and the import runs the same activities with the same inputs, connections, triggers and variables.
/// </summary>
public sealed class ElsaRoundTripTests
{
    private static readonly ServiceProvider Services = Build();

    public static TheoryData<string> Workflows() => new(Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "workflows"), "*", SearchOption.AllDirectories)
        .Where(WorkflowCatalog.IsWorkflowFile).Select(f => Path.GetRelativePath(RepositoryRoot(), f)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Workflows))]
    public void ExportThenImport_GivesTheSameWorkflow(string file)
    {
        var engine = Services.GetRequiredService<WorkflowEngine>();
        var exporter = Services.GetRequiredService<ElsaExporter>();
        var original = engine.Load(file, File.ReadAllText(Path.Combine(RepositoryRoot(), file)));
        Assert.True(original.Succeeded, string.Join(Environment.NewLine, original.Errors));

        var exported = exporter.Export(original.Workflow!.Definition);
        Assert.Equal(ElsaExporter.Schema, exported["$schema"]!.GetValue<string>());
        var imported = engine.Load(Path.ChangeExtension(file, ".elsa.json"), exported.ToJsonString());

        Assert.True(imported.Succeeded, string.Join(Environment.NewLine, imported.Errors) + Environment.NewLine + exported);
        Assert.True(JsonNode.DeepEquals(exported, exporter.Export(imported.Workflow!.Definition)), "the import exports differently");
        Assert.Equal(Shape(original.Workflow.Definition), Shape(imported.Workflow!.Definition));
    }

    [Fact]
    public void AHubActivityWithoutAnElsaEquivalent_KeepsItsType_AndMappedOnesTakeElsasNames()
    {
        var engine = Services.GetRequiredService<WorkflowEngine>();
        var loaded = engine.Load("erp-orders-to-crm.yaml", File.ReadAllText(Path.Combine(RepositoryRoot(), "workflows", "erp-orders-to-crm.yaml")));

        var exported = Services.GetRequiredService<ElsaExporter>().Export(loaded.Workflow!.Definition);

        var root = exported["root"]!.AsObject();
        Assert.Equal("Elsa.Flowchart", root["type"]!.GetValue<string>());
        var activities = root["activities"]!.AsArray().Select(a => a!.AsObject()).ToDictionary(a => a["id"]!.GetValue<string>());
        Assert.Equal("Elsa.Start", activities["start"]!["type"]!.GetValue<string>());
        Assert.Equal("Connector.Upsert", activities["upsert"]!["type"]!.GetValue<string>());
        Assert.Equal("Elsa.Fault", activities["rejected"]!["type"]!.GetValue<string>());
        Assert.Equal("Hub", activities["rejected"]!["message"]!["expression"]!["type"]!.GetValue<string>());
        Assert.Equal("Literal", activities["upsert"]!["system"]!["expression"]!["type"]!.GetValue<string>());
        Assert.All(activities.Values, a => Assert.NotNull(a["metadata"]!["designer"]!["position"]!["x"]));
        Assert.True(activities.Values.Select(a => a["metadata"]!["designer"]!["position"]!["y"]!.GetValue<int>()).Distinct().Count() > 2, "laid out in layers");
        var trigger = exported["customProperties"]!["hub"]!["triggers"]![0]!;
        Assert.Equal("Kafka.MessageReceived", trigger["type"]!.GetValue<string>());
        Assert.Equal("erp.orders", trigger["topic"]!.GetValue<string>());
    }

    /// <summary>What a definition runs, without where in the file it was written: activities, inputs, connections, triggers, variables.</summary>
    private static string Shape(WorkflowDefinition definition)
    {
        static JsonNode Activity(ActivityNode node) => new JsonObject
        {
            ["id"] = node.Id,
            ["type"] = node.Type,
            ["start"] = node.StartId,
            ["retry"] = node.Retry is { } r ? $"{r.MaxAttempts}/{r.Delay}/{r.Backoff}/{r.MaxDelay}" : null,
            ["inputs"] = new JsonObject(node.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => KeyValuePair.Create(i.Key, Value(i.Value)))),
            ["activities"] = new JsonArray([.. node.Activities.Select(Activity)]),
            ["connections"] = new JsonArray([.. node.Connections.Select(c => (JsonNode)$"{c.Source}:{c.Outcome}->{c.Target}")]),
        };
        static JsonNode? Value(InputSource source) => new JsonObject { ["kind"] = source.GetType().Name, ["value"] = HubValuesForTest(source) };
        return new JsonObject
        {
            ["definitionId"] = definition.DefinitionId,
            ["version"] = definition.Version,
            ["name"] = definition.Name,
            ["description"] = definition.Description,
            ["persistence"] = definition.Persistence.ToString(),
            ["triggers"] = new JsonArray([.. definition.Triggers.Select(t => (JsonNode)new JsonObject(t.Settings.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => KeyValuePair.Create(s.Key, Value(s.Value))).Prepend(KeyValuePair.Create("type", (JsonNode?)t.Type))))]),
            ["variables"] = new JsonArray([.. definition.Variables.Select(v => (JsonNode)$"{v.Name}:{v.TypeName}={(v.Value as LiteralSource)?.Value?.ToJsonString()}")]),
            ["root"] = Activity(definition.Root),
        }.ToJsonString();
    }

    private static JsonNode? HubValuesForTest(InputSource source) => source switch
    {
        LiteralSource l => l.Value?.DeepClone(),
        ExpressionSource e => e.Code,
        TemplateSource t => new JsonArray([.. t.Parts.Select(HubValuesForTest)]),
        StructureSource { Properties: { } p } => new JsonObject(p.Select(x => KeyValuePair.Create(x.Key, HubValuesForTest(x.Value)))),
        StructureSource s => new JsonArray([.. s.Items!.Select(HubValuesForTest)]),
        JavaScriptSource j => "js:" + j.Code,
        _ => null,
    };

    private static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        // The host's own settings, as the CLI reads them, so topic and connector names check alike.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), "src", "IntegrationHub.Host", "appsettings.json")).Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Critical));
        services.AddHubWorkflowEngine();
        return services.BuildServiceProvider();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("no repository root above " + AppContext.BaseDirectory);
    }
}
