using System.Net;
using System.Text;
using System.Text.Json;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>Workflow files in the hub's folder: listed with versions, run by hand, broken ones named, changes picked up.</summary>
public sealed class WorkflowApiTests : IAsyncLifetime
{
    internal const string Tier = """
        definitionId: tier
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: tier, type: string, value: small }
        root:
          type: Flowchart
          activities:
            - { id: big, type: If, condition: "${ (decimal)input[\"amount\"]! > 1000m }" }
            - { id: set, type: SetVariable, variable: tier, value: large }
          connections:
            - big:True -> set
        """;

    private const string Broken = """
        definitionId: broken
        version: 1
        trigger: { type: Manual }
        root:
          type: Sequence
          activities:
            - { id: a, type: Teleport }
        """;

    private HubTestHost _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["tier.yaml"] = Tier, ["broken.yaml"] = Broken });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task List_ShowsLoadedDefinitionsWithVersions_AndRejectedFilesWithTheirErrors()
    {
        var list = await _hub.GetJsonAsync("api/v1/workflows");

        var definitions = list.GetProperty("definitions").EnumerateArray().ToList();
        Assert.Equal(["erp-orders-to-crm", "tier"], definitions.Select(d => d.GetProperty("definitionId").GetString()!).ToArray());
        var tier = definitions[1];
        Assert.Equal("tier", tier.GetProperty("definitionId").GetString());
        Assert.Equal(1, tier.GetProperty("version").GetInt32());
        var rejected = Assert.Single(list.GetProperty("rejected").EnumerateArray());
        Assert.EndsWith("broken.yaml", rejected.GetProperty("path").GetString());
        Assert.Contains("broken.yaml:7:7 root.activities[0].type: unknown activity type 'Teleport'", rejected.GetProperty("errors")[0].GetString());
    }

    [Fact]
    public async Task Ready_IsDegradedNotUnhealthy_AndNamesTheRejectedFile()
    {
        using var http = new HttpClient { BaseAddress = _hub.Http.BaseAddress };
        using var response = await http.GetAsync("health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var workflows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("workflows");
        Assert.Equal("Degraded", workflows.GetProperty("status").GetString());
        Assert.Contains("broken.yaml", workflows.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("""{"amount": 2500}""", "large")]
    [InlineData("""{"amount": 10}""", "small")]
    public async Task Run_ExecutesTheNewestVersion_AndReturnsVariablesAndJournal(string input, string expected)
    {
        using var response = await _hub.Http.PostAsync("api/v1/workflows/tier/run", new StringContent(input, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Finished", run.GetProperty("subStatus").GetString());
        Assert.Equal(expected, run.GetProperty("variables").GetProperty("tier").GetString());
        Assert.Equal("big", run.GetProperty("journal")[0].GetProperty("activityId").GetString());
    }

    [Fact]
    public async Task Run_UnknownWorkflowOrBadJson_AreClearErrors()
    {
        using var missing = await _hub.Http.PostAsync("api/v1/workflows/nope/run", null);
        using var badJson = await _hub.Http.PostAsync("api/v1/workflows/tier/run", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal("application/problem+json", badJson.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task EditedFile_IsPickedUpAsANewVersion_WhileTheOldOneStaysQueryable()
    {
        await File.WriteAllTextAsync(Path.Combine(_hub.WorkflowsPath, "tier.yaml"), Tier.Replace("value: large", "value: huge", StringComparison.Ordinal));

        var latest = await Eventually.Await(() => _hub.GetJsonAsync("api/v1/workflows/tier"), w => w.GetProperty("version").GetInt32() == 2, TimeSpan.FromSeconds(20));
        Assert.Equal([1, 2], latest.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()).ToArray());
        var v1 = await _hub.GetJsonAsync("api/v1/workflows/tier?version=1");
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        using var run = await _hub.Http.PostAsync("api/v1/workflows/tier/run", new StringContent("""{"amount": 5000}""", Encoding.UTF8, "application/json"));
        Assert.Equal("huge", JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("variables").GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Run_IsKeptAsAnInstance_WithItsJournal_AndListedByStatus()
    {
        using var response = await _hub.Http.PostAsync("api/v1/workflows/tier/run?correlationId=order-77", new StringContent("""{"amount": 2500}""", Encoding.UTF8, "application/json"));
        var instanceId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("instanceId").GetString();

        var instance = await _hub.GetJsonAsync($"api/v1/workflow-instances/{instanceId}");
        var finished = await _hub.GetJsonAsync("api/v1/workflow-instances?definitionId=tier&status=Finished");

        Assert.Equal("tier", instance.GetProperty("definitionId").GetString());
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        Assert.Equal("order-77", instance.GetProperty("correlationId").GetString());
        Assert.Equal("large", instance.GetProperty("variables").GetProperty("tier").GetString());
        Assert.Equal(["big", "set", "root"], instance.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("activityId").GetString()!).ToArray());
        Assert.Contains(finished.EnumerateArray(), i => i.GetProperty("instanceId").GetString() == instanceId);
        using var missing = await _hub.Http.GetAsync($"api/v1/workflow-instances/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
