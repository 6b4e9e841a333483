using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Elsa;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Elsa;

/// <summary>An imported Elsa definition exports back as it was read; a hub definition exports in Elsa's form and reads back the same.</summary>
public class ElsaExportTests
{
    public static TheoryData<string> LoadableElsaFiles() => new(Directory.GetFiles(ElsaDefinitions.Folder, "*.json").Select(Path.GetFileName)
        .Where(f => ElsaDefinitions.Load(f!).Succeeded).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(LoadableElsaFiles))]
    public void AnImportedElsaDefinition_ExportsBackEqualToItsFile(string file)
    {
        using var services = ElsaDefinitions.Provider();
        var loaded = ElsaDefinitions.Load(file, services.GetRequiredService<WorkflowEngine>());

        var exported = services.GetRequiredService<ElsaExporter>().Export(loaded.Workflow!.Definition);

        var original = JsonNode.Parse(ElsaDefinitions.Text(file))!.AsObject();
        original["definitionId"] ??= loaded.Workflow.Definition.DefinitionId; // the one normalisation: a definition without an id takes the file's name
        Assert.True(JsonNode.DeepEquals(original, exported), exported.ToJsonString());
    }

    [Fact]
    public void AHubDefinition_ExportsAsElsa_WithElsasActivityNames_AndReadsBackTheSame()
    {
        using var services = ElsaDefinitions.Provider();
        var engine = services.GetRequiredService<WorkflowEngine>();
        var loaded = engine.Load("loop.yaml", """
            definitionId: loop
            version: 3
            trigger: { type: Manual }
            variables:
              - { name: count, type: int, value: 0 }
            root:
              type: Flowchart
              activities:
                - { id: start, type: Start }
                - { id: add, type: SetVariable, variable: count, value: "${ count + 1 }", retry: { maxAttempts: 2, delay: PT1S } }
                - { id: check, type: If, condition: "${ count >= 3 }" }
                - { id: say, type: Log, message: "counted ${ count }" }
                - { id: loud, type: Log, message: done, level: Warning }
              connections:
                - start -> add
                - add -> check
                - check:False -> add
                - check:True -> say
                - say -> loud
            """);
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));
        var exporter = services.GetRequiredService<ElsaExporter>();

        var exported = exporter.Export(loaded.Workflow!.Definition);

        var activities = exported["root"]!["activities"]!.AsArray().ToDictionary(a => a!["id"]!.GetValue<string>(), a => a!.AsObject());
        Assert.Equal("Elsa.SetVariable", activities["add"]["type"]!.GetValue<string>());
        Assert.Equal("count", activities["add"]["variable"]!["name"]!.GetValue<string>());
        Assert.Equal("Hub", activities["add"]["value"]!["expression"]!["type"]!.GetValue<string>());
        Assert.Equal(2, activities["add"]["customProperties"]!["hub"]!["retry"]!["maxAttempts"]!.GetValue<int>());
        Assert.Equal("Elsa.FlowDecision", activities["check"]["type"]!.GetValue<string>());
        Assert.Equal("Elsa.WriteLine", activities["say"]["type"]!.GetValue<string>());
        Assert.Equal("Log", activities["loud"]["type"]!.GetValue<string>()); // a level Elsa's WriteLine has not: the hub's own activity
        Assert.Equal("Int32", exported["variables"]![0]!["typeName"]!.GetValue<string>());
        Assert.Equal("0", exported["variables"]![0]!["value"]!.GetValue<string>());

        var back = engine.Load("loop.elsa.json", exported.ToJsonString());
        Assert.True(back.Succeeded, string.Join(Environment.NewLine, back.Errors));
        Assert.True(JsonNode.DeepEquals(exported, exporter.Export(back.Workflow!.Definition)));
    }

    [Fact]
    public async Task AnExportedHubDefinition_RunsAfterImport_WithTheSameResult()
    {
        using var services = ElsaDefinitions.Provider();
        var engine = services.GetRequiredService<WorkflowEngine>();
        var loaded = engine.Load("sum.yaml", """
            definitionId: sum
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: total, type: decimal, value: 0 }
              - { name: line, type: json }
            root:
              type: Sequence
              activities:
                - id: each
                  type: ForEach
                  items: ${ input.lines }
                  variable: line
                  activities:
                    - { id: add, type: SetVariable, variable: total, value: '${ total + (decimal)line["amount"]! }' }
            """);
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));
        var input = JsonNode.Parse("""{ "lines": [ { "amount": 1.5 }, { "amount": 2 } ] }""");

        var back = engine.Load("sum.elsa.json", services.GetRequiredService<ElsaExporter>().Export(loaded.Workflow!.Definition).ToJsonString());

        Assert.True(back.Succeeded, string.Join(Environment.NewLine, back.Errors));
        var before = await engine.RunAsync(loaded.Workflow, input);
        var after = await engine.RunAsync(back.Workflow!, input);
        Assert.Equal(3.5m, before.Variables["total"]);
        Assert.Equal(before.Variables["total"], after.Variables["total"]);
    }
}
