using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.IntegrationTests.Workflows;

namespace IntegrationHub.IntegrationTests.Elsa;

/// <summary>
/// Elsa definitions in the hub's workflows folder, in the running hub: an Elsa HTTP endpoint is the hub's webhook (Elsa's
/// own test definition, unchanged, and one whose endpoint hands its body to a variable and a JavaScript expression),
/// and the export endpoint gives Elsa JSON back.
/// </summary>
public sealed class ElsaApiTests : IAsyncLifetime
{
    private const string Greet = """
        {
          "$schema": "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
          "definitionId": "greet",
          "name": "Greet",
          "version": 1,
          "variables": [
            { "id": "v1", "name": "Body", "typeName": "Object", "isArray": false, "value": null },
            { "id": "v2", "name": "Greeting", "typeName": "String", "isArray": false, "value": null }
          ],
          "root": {
            "id": "Flowchart1", "type": "Elsa.Flowchart", "version": 1,
            "activities": [
              { "id": "HttpEndpoint1", "type": "Elsa.HttpEndpoint", "version": 1, "customProperties": { "canStartWorkflow": true },
                "path": { "typeName": "String", "expression": { "type": "Literal", "value": "greet" } },
                "supportedMethods": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"POST\"]" } },
                "parsedContent": { "typeName": "Object", "memoryReference": { "id": "v1" } } },
              { "id": "SetVariable1", "type": "Elsa.SetVariable", "version": 1, "variable": { "id": "v2", "name": "Greeting" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "'Hello ' + variables.Body.customer" } } }
            ],
            "connections": [ { "source": { "activity": "HttpEndpoint1", "port": "Done" }, "target": { "activity": "SetVariable1", "port": "In" } } ]
          }
        }
        """;

    private static readonly string HttpWorkflow = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Elsa", "Definitions", "ImportAndPublish-http-workflow.json"));
    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string>
    {
        ["http-workflow.json"] = HttpWorkflow,
        ["greet.json"] = Greet,
        ["hub-hook.yaml"] = WebhookTests.Hook("hub-hook", "SetVariable, variable: got, value: \"${ input.data.customer }\""),
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task ElsasOwnHttpWorkflow_IsLoaded_AndItsEndpointIsTheHubsWebhook()
    {
        var listed = await _hub.GetJsonAsync("api/v1/workflows/http-workflow");
        using var response = await _hub.Http.PostAsync("api/v1/hooks/http-workflow", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal("http-workflow", listed.GetProperty("definitionId").GetString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instance = await _hub.GetJsonAsync($"api/v1/workflow-instances/{(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()}");
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        Assert.Contains(instance.GetProperty("journal").EnumerateArray(), e => e.GetProperty("activityId").GetString() == "b91befb34b3e44ea" && e.GetProperty("activityType").GetString() == "Log");
    }

    [Fact]
    public async Task AnEndpointsParsedContent_ReachesItsVariable_AndJavaScriptReadsIt()
    {
        using var response = await _hub.Http.PostAsync("api/v1/hooks/greet", new StringContent("""{"customer":"ACME"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instance = await _hub.GetJsonAsync($"api/v1/workflow-instances/{(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()}");
        Assert.Equal("Hello ACME", instance.GetProperty("variables").GetProperty("Greeting").GetString());
    }

    [Fact]
    public async Task Export_GivesAnElsaDefinitionBackAsItWasRead_AndAHubWorkflowInElsasForm()
    {
        var elsa = JsonNode.Parse(await _hub.Http.GetStringAsync("api/v1/workflows/greet/export?format=elsa"));
        var hub = JsonNode.Parse(await _hub.Http.GetStringAsync("api/v1/workflows/hub-hook/export"));
        using var unknownFormat = await _hub.Http.GetAsync("api/v1/workflows/greet/export?format=bpmn");
        using var unknownWorkflow = await _hub.Http.GetAsync("api/v1/workflows/no-such/export");
        using var anonymous = await new HttpClient { BaseAddress = _hub.Http.BaseAddress }.GetAsync("api/v1/workflows/greet/export");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Greet), elsa), elsa!.ToJsonString());
        Assert.Equal("Elsa.Sequence", hub!["root"]!["type"]!.GetValue<string>());
        Assert.Equal("Webhook", hub["customProperties"]!["hub"]!["triggers"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknownFormat.StatusCode);
        Assert.Contains("elsa", await unknownFormat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownWorkflow.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
