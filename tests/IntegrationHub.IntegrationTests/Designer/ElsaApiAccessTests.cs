using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace IntegrationHub.IntegrationTests.Designer;

/// <summary>
/// The Elsa API the designer uses, without a browser: Elsa Studio's <c>Authorization: ApiKey</c> header maps to the hub's
/// keys and scopes, the descriptors describe the hub's activities, and a save is validated before anything is written.
/// </summary>
public sealed class ElsaApiAccessTests : IAsyncLifetime
{
    private const string ReaderKey = "designer-reader-key-0123456789";
    /// <summary>A small hub workflow, <c>saved-flow</c>: Start, then Log.</summary>
    internal const string Flow = """
        definitionId: saved-flow
        version: 1
        trigger: { type: Manual }
        root:
          type: Flowchart
          activities:
            - { id: start, type: Start }
            - { id: hello, type: Log, message: hello }
          connections:
            - start -> hello
        """;

    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(
        new Dictionary<string, string?> { ["Hub:Clients:reader:Key"] = ReaderKey, ["Hub:Clients:reader:Scopes"] = "workflows:read" },
        new Dictionary<string, string> { ["saved-flow.yaml"] = Flow });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HttpClient Client(string? key)
    {
        var http = new HttpClient { BaseAddress = _hub.Http.BaseAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }

        return http;
    }

    [Fact]
    public async Task ElsasApiKeyHeader_MapsToTheHubsKeys_AndScopes()
    {
        using var admin = Client(HubTestHost.ApiKey);
        using var reader = Client(ReaderKey);
        using var nobody = Client(null);
        using var forged = Client("hubdsg.Zm9v.YmFy");

        var asAdmin = JsonNode.Parse(await admin.GetStringAsync("elsa/api/workflow-definitions/by-definition-id/saved-flow?versionOptions=Latest"))!;
        var asReader = JsonNode.Parse(await reader.GetStringAsync("elsa/api/workflow-definitions/by-definition-id/saved-flow"))!;
        using var anonymous = await nobody.GetAsync("elsa/api/descriptors/activities");
        using var forgedToken = await forged.GetAsync("elsa/api/descriptors/activities");
        using var readerSaves = await reader.PostAsync("elsa/api/workflow-definitions", Json(new JsonObject { ["model"] = asReader.DeepClone() }));
        using var tokenOutsideElsa = await forged.GetAsync("api/v1/workflows");

        Assert.False(asAdmin["isReadonly"]!.GetValue<bool>());
        Assert.Contains(asAdmin["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        Assert.True(asReader["isReadonly"]!.GetValue<bool>());
        Assert.Empty(asReader["links"]!.AsArray());
        Assert.Equal("Elsa.WriteLine", asReader["root"]!["activities"]![1]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerSaves.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenOutsideElsa.StatusCode);
    }

    [Fact]
    public async Task TheDescriptors_DescribeEveryHubActivity_UnderElsasNamesWhereTheyMap()
    {
        using var reader = Client(ReaderKey);

        var descriptors = JsonNode.Parse(await reader.GetStringAsync("elsa/api/descriptors/activities?refresh=true"))!["items"]!.AsArray();
        var expressions = JsonNode.Parse(await reader.GetStringAsync("elsa/api/descriptors/expression-descriptors"))!["items"]!.AsArray();

        var byType = descriptors.ToDictionary(d => d!["typeName"]!.GetValue<string>(), d => d!.AsObject());
        Assert.Equal(["True", "False"], byType["Elsa.FlowDecision"]["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("text", byType["Elsa.WriteLine"]["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("Trigger", byType["Elsa.HttpEndpoint"]["kind"]!.GetValue<string>());
        Assert.Contains("Connector.Upsert", byType.Keys);
        Assert.Contains("Log", byType.Keys); // Elsa's WriteLine has no level: the hub's own Log is offered too
        Assert.Equal(["Literal", "Object", "JavaScript", "Hub"], expressions.Where(e => e!["isBrowsable"]!.GetValue<bool>()).Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ASave_ThatDoesNotValidate_IsRefusedWithItsErrors_AndTheFileIsUntouched_AValidOneIsWrittenAndLoaded()
    {
        using var admin = Client(HubTestHost.ApiKey);
        var file = Path.Combine(_hub.WorkflowsPath, "saved-flow.yaml");
        var before = await File.ReadAllTextAsync(file);
        var model = JsonNode.Parse(await admin.GetStringAsync("elsa/api/workflow-definitions/by-definition-id/saved-flow"))!.AsObject();
        var broken = (JsonObject)model.DeepClone();
        broken["root"]!["activities"]!.AsArray().Add(new JsonObject { ["id"] = "lost", ["type"] = "Elsa.WriteLine", ["version"] = 1 });
        var edited = (JsonObject)model.DeepClone();
        edited["root"]!["activities"]![1]!["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "hello from the API" } };

        using var refused = await admin.PostAsync("elsa/api/workflow-definitions", Json(new JsonObject { ["model"] = broken, ["publish"] = true }));
        var refusal = await refused.Content.ReadAsStringAsync();
        var unchanged = await File.ReadAllTextAsync(file);
        using var notJson = await admin.PostAsync("elsa/api/workflow-definitions", new StringContent("{ nope", Encoding.UTF8, "application/json"));
        using var saved = await admin.PostAsync("elsa/api/workflow-definitions", Json(new JsonObject { ["model"] = edited, ["publish"] = true }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'lost' is unreachable", refusal);
        Assert.DoesNotContain(_hub.WorkflowsPath, refusal); // errors name the file, not where the hub keeps it
        Assert.Equal(before, unchanged);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var answer = JsonNode.Parse(await saved.Content.ReadAsStringAsync())!;
        Assert.Equal(2, answer["workflowDefinition"]!["version"]!.GetValue<int>());
        Assert.Contains("hello from the API", await File.ReadAllTextAsync(file));
        var listed = await _hub.GetJsonAsync("api/v1/workflows/saved-flow");
        Assert.Equal(2, listed.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Execute_RunsTheWorkflow_NamesTheInstanceInElsasHeader_AndRefusesWhatTheHubCannotHonour()
    {
        using var admin = Client(HubTestHost.ApiKey);
        using var reader = Client(ReaderKey);

        using var run = await admin.PostAsync("elsa/api/workflow-definitions/saved-flow/execute",
            Json(new JsonObject { ["versionOptions"] = "Latest", ["correlationId"] = "studio-run-1", ["input"] = new JsonObject { ["from"] = "studio" } }));
        using var bare = await admin.PostAsync("elsa/api/workflow-definitions/saved-flow/execute", null); // Studio's list sends no body
        using var notAllowed = await reader.PostAsync("elsa/api/workflow-definitions/saved-flow/execute", null);
        using var variables = await admin.PostAsync("elsa/api/workflow-definitions/saved-flow/execute", Json(new JsonObject { ["variables"] = new JsonObject { ["a"] = 1 } }));
        using var misspelt = await admin.PostAsync("elsa/api/workflow-definitions/saved-flow/execute", Json(new JsonObject { ["inptu"] = new JsonObject() }));
        using var notAnObject = await admin.PostAsync("elsa/api/workflow-definitions/saved-flow/execute", Json(new JsonObject { ["input"] = "x" }));
        using var missing = await admin.PostAsync("elsa/api/workflow-definitions/no-such-flow/execute", null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var instanceId = Assert.Single(run.Headers.GetValues("x-elsa-workflow-instance-id"));
        var state = JsonNode.Parse(await run.Content.ReadAsStringAsync())!["workflowState"]!;
        Assert.Equal((instanceId, "saved-flow", "Finished", "Finished"), (state["id"]!.GetValue<string>(), state["definitionId"]!.GetValue<string>(),
            state["status"]!.GetValue<string>(), state["subStatus"]!.GetValue<string>()));
        var instance = await _hub.GetJsonAsync($"api/v1/workflow-instances/{instanceId}");
        Assert.Equal("studio-run-1", instance.GetProperty("correlationId").GetString());
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.NotEqual(instanceId, Assert.Single(bare.Headers.GetValues("x-elsa-workflow-instance-id")));
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, variables.StatusCode);
        Assert.Contains("variables is not supported", await variables.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Contains("unknown property 'inptu'", await misspelt.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task SavesAtOnce_AreWrittenOneAfterAnother_EachAVersionOfItsOwn_AndNoneRefused()
    {
        using var admin = Client(HubTestHost.ApiKey);
        var model = JsonNode.Parse(await admin.GetStringAsync("elsa/api/workflow-definitions/by-definition-id/saved-flow"))!.AsObject();
        var before = (await _hub.GetJsonAsync("api/v1/workflows/saved-flow")).GetProperty("version").GetInt32();

        var saves = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var edited = (JsonObject)model.DeepClone();
            edited["root"]!["activities"]![1]!["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = $"save {i}" } };
            using var response = await admin.PostAsync("elsa/api/workflow-definitions", Json(new JsonObject { ["model"] = edited, ["publish"] = true }));
            return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        }));

        Assert.All(saves, s => Assert.True(s.Item1 == 200, $"{s.Item1}: {s.Item2}"));
        Assert.Equal(Enumerable.Range(before + 1, 8), saves.Select(s => s.Item2!["workflowDefinition"]!["version"]!.GetValue<int>()).Order());
        var listed = await _hub.GetJsonAsync("api/v1/workflows");
        Assert.Equal(before + 8, listed.GetProperty("definitions").EnumerateArray().Single(w => w.GetProperty("definitionId").GetString() == "saved-flow").GetProperty("version").GetInt32());
        Assert.Empty(listed.GetProperty("rejected").EnumerateArray());
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}
