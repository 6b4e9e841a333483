using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>Journal detail Full: evaluated inputs and outputs per activity, sensitive names masked (also nested).</summary>
public class JournalMaskingTests
{
    private const string Yaml = """
        definitionId: masked
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: creds, type: json }
        root:
          type: Sequence
          activities:
            - { id: set, type: SetVariable, variable: creds, value: "${ input.login }" }
            - { id: log, type: Log, message: "user ${ input.login.user }" }
        """;

    private static readonly JsonNode Input = JsonNode.Parse("""{"login":{"user":"ana","Password":"hunter2","nested":[{"api_key":"k-1","client-secret":"s"}],"Authorization":"Bearer x"}}""")!;

    [Fact]
    public async Task FullJournal_RecordsInputs_WithSensitiveFieldsMaskedAtAnyDepth()
    {
        var result = await Engine.RunAsync(Yaml, Input, b => b.Services.Configure<WorkflowEngineOptions>(o => o.Journal = JournalDetail.Full));

        var set = result.Journal[0].Inputs!;
        Assert.Equal("creds", set["variable"]!.GetValue<string>());
        var value = set["value"]!;
        Assert.Equal("ana", value["user"]!.GetValue<string>());
        Assert.Equal(SensitiveDataMasker.Mask, value["Password"]!.GetValue<string>());
        Assert.Equal(SensitiveDataMasker.Mask, value["Authorization"]!.GetValue<string>());
        Assert.Equal(SensitiveDataMasker.Mask, value["nested"]![0]!["api_key"]!.GetValue<string>());
        Assert.Equal(SensitiveDataMasker.Mask, value["nested"]![0]!["client-secret"]!.GetValue<string>());
        Assert.Equal("user ana", result.Journal[1].Inputs!["message"]!.GetValue<string>());
        Assert.DoesNotContain("hunter2", string.Concat(result.Journal.Select(j => j.Inputs?.ToJsonString())));
        // The variable itself keeps the real value; only the journal is masked.
        Assert.Equal("hunter2", ((JsonNode)result.Variables["creds"]!)["Password"]!.GetValue<string>());
    }

    [Fact]
    public async Task FullJournal_StoresAValueOverTheCap_AsAMarkedPreview_AndKeepsTheVariableWhole()
    {
        var big = new string('x', 5000);
        var input = JsonNode.Parse($$$"""{"login":{"user":"ana","blob":"{{{big}}}"}}""")!;

        var result = await Engine.RunAsync(Yaml, input, b => b.Services.Configure<WorkflowEngineOptions>(o => { o.Journal = JournalDetail.Full; o.MaxJournalValueBytes = 1024; }));

        var value = result.Journal[0].Inputs!["value"]!;
        Assert.True(value["$truncated"]!.GetValue<bool>());
        Assert.True(value["bytes"]!.GetValue<int>() > 5000);
        Assert.Equal(SensitiveDataMasker.PreviewLength, value["preview"]!.GetValue<string>().Length);
        Assert.Equal("user ana", result.Journal[1].Inputs!["message"]!.GetValue<string>());
        Assert.Equal(big, ((JsonNode)result.Variables["creds"]!)["blob"]!.GetValue<string>());
    }

    [Fact]
    public async Task FullJournal_RecordsOutputs_AndConfiguredNamesReplaceTheDefaults()
    {
        var engine = Engine.Create(b => b.Services.Configure<WorkflowEngineOptions>(o => { o.Journal = JournalDetail.Full; o.MaskedFields = ["user", "by"]; }));
        var workflow = engine.Load("""
            definitionId: outputs
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: wait, type: WaitForEvent, event: e }
            """);
        var suspended = await engine.RunAsync(workflow);
        var resumed = await engine.ResumeAsync(workflow, null, new Dictionary<string, object?>(), suspended.Position!,
            new BookmarkStimulus("Event", JsonNode.Parse("""{"by":"ana","password":"visible-now"}""")));

        var payload = resumed.Journal[0].Outputs!["payload"]!;
        Assert.Equal(SensitiveDataMasker.Mask, payload["by"]!.GetValue<string>());
        Assert.Equal("visible-now", payload["password"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(JournalDetail.Activities)]
    [InlineData(JournalDetail.None)]
    public async Task LowerDetail_RecordsNoInputsOrOutputs(JournalDetail detail)
    {
        var result = await Engine.RunAsync(Yaml, Input, b => b.Services.Configure<WorkflowEngineOptions>(o => o.Journal = detail));

        Assert.All(result.Journal, j => Assert.Null(j.Inputs));
        Assert.Equal(detail == JournalDetail.None ? 0 : 3, result.Journal.Count);
    }
}
