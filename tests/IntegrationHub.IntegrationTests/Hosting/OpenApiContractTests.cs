using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// The OpenAPI document against the real hub: every endpoint the hub maps is in it with its answer schema and its
/// problem+json refusals, and real answers of every operation (successes and refusals) match what it documents.
/// </summary>
public sealed partial class OpenApiContractTests : IAsyncLifetime
{
    private const string ReaderKey = "reader-key-0123456789abcdef";

    private const string Waiter = """
        definitionId: waiter
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: decision, type: json }
        root:
          type: Sequence
          activities:
            - { id: wait, type: WaitForEvent, event: order.approved, correlationKey: "${ input.orderNumber }", variable: decision }
        """;

    private HubTestHost _hub = null!;
    private OpenApiContract _contract = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?> { ["Hub:Clients:reader:Key"] = ReaderKey, ["Hub:Clients:reader:Scopes"] = "orders:read" },
            new Dictionary<string, string>
            {
                ["tier.yaml"] = Workflows.WorkflowApiTests.Tier,
                ["waiter.yaml"] = Waiter,
                ["hook.yaml"] = Workflows.WebhookTests.Hook("hook", "SetVariable, variable: got, value: seen"),
            });
        _contract = new OpenApiContract(JsonNode.Parse(await _hub.Http.GetStringAsync("openapi/v1.json"))!.AsObject());
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void EveryMappedEndpoint_IsDocumented_WithItsAnswerSchemaAndItsRefusals()
    {
        var endpoints = _hub.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw != "/metrics" && !raw.StartsWith("/openapi", StringComparison.Ordinal)
                && !raw.StartsWith("/reference", StringComparison.Ordinal) // the document itself, its reference page and the scrape
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true } // the console's redirect
                && e.Metadata.GetMetadata<IntegrationHub.Host.WebConsole.ConsoleEndpoint>() is null // the console: pages, not API
                && !StaticFile(raw)) // the console's static files
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Template: Template(e.RoutePattern.RawText!))))
            .ToList();

        Assert.True(endpoints.Count >= 24, $"only {endpoints.Count} endpoints found");
        foreach (var (method, template, property) in new[] { ("POST", "/api/v1/orders", "orderNumber"), ("POST", "/api/v1/events/{eventName}", "correlationId"), ("POST", "/api/v1/flows/{flow}/backfill", "from") })
        {
            var schema = _contract.Operation(method, template)["requestBody"]?["content"]?["application/json"]?["schema"];
            var resolved = schema?["$ref"] is { } reference ? _contract.Document["components"]!["schemas"]![((string)reference!).Split('/')[^1]] : schema;
            Assert.True(resolved?["properties"]?[property] is not null, $"{method} {template} documents no body with '{property}': {schema?.ToJsonString()}");
        }

        foreach (var (method, template) in endpoints)
        {
            var responses = _contract.Operation(method, template)["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{method} {template} documents no success answer");
            Assert.All(success, r => Assert.True(r.Value!["content"] is JsonObject { Count: > 0 }, $"{method} {template} {r.Key} has no schema"));
            foreach (var refusal in responses.Where(r => r.Key[0] is '4' or '5' && !(template.StartsWith("/health/", StringComparison.Ordinal) && r.Key == "503")))
            {
                Assert.True(refusal.Value!["content"]?["application/problem+json"]?["schema"] is not null, $"{method} {template} {refusal.Key} is not problem+json");
            }

            if (!template.StartsWith("/health/", StringComparison.Ordinal))
            {
                Assert.All(new[] { "401", "403", "429" }, s => Assert.True(responses.ContainsKey(s), $"{method} {template} does not list {s}"));
            }
        }
    }

    [Fact]
    public async Task RealAnswers_MatchTheDocument_SuccessesAndRefusals()
    {
        var http = _hub.Http;

        // Orders
        var push = await Check("POST", "/api/v1/orders", await _hub.PushAsync(Orders.SampleOrders.Json("SO-OAS-1"), "oas-1"), HttpStatusCode.Accepted);
        var orderId = JsonDocument.Parse(await push.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();
        await Check("POST", "/api/v1/orders", await _hub.PushAsync(Orders.SampleOrders.Json("SO-OAS-1"), "oas-1"), HttpStatusCode.Accepted);
        await Check("POST", "/api/v1/orders", await _hub.PushAsync(Orders.SampleOrders.Json("SO-OAS-2"), "oas-1"), HttpStatusCode.UnprocessableEntity);
        await Check("POST", "/api/v1/orders", await _hub.PushAsync("{\"orderNumber\": 5}", "oas-3"), HttpStatusCode.BadRequest);
        await Check("POST", "/api/v1/orders", await http.PostAsync("api/v1/orders", new StringContent("x", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await Check("GET", "/api/v1/orders/{orderId}", await http.GetAsync($"api/v1/orders/{orderId}"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/orders/{orderId}", await http.GetAsync($"api/v1/orders/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        // Workflows, instances, events
        await Check("GET", "/api/v1/workflows", await http.GetAsync("api/v1/workflows"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/workflows/{definitionId}", await http.GetAsync("api/v1/workflows/tier"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/workflows/{definitionId}", await http.GetAsync("api/v1/workflows/nope"), HttpStatusCode.NotFound);
        await Check("POST", "/api/v1/workflows/{definitionId}/run", await http.PostAsJsonAsync("api/v1/workflows/tier/run", new { amount = 5000 }), HttpStatusCode.OK);
        await Check("POST", "/api/v1/workflows/{definitionId}/run", await http.PostAsync("api/v1/workflows/tier/run", Json("{oops")), HttpStatusCode.BadRequest);
        await Check("POST", "/api/v1/workflows/{definitionId}/run", await http.PostAsync("api/v1/workflows/nope/run", null), HttpStatusCode.NotFound);
        var waiting = await Check("POST", "/api/v1/workflows/{definitionId}/run", await http.PostAsJsonAsync("api/v1/workflows/waiter/run", new { orderNumber = "A-1" }), HttpStatusCode.OK);
        var waitingId = JsonDocument.Parse(await waiting.Content.ReadAsStringAsync()).RootElement.GetProperty("instanceId").GetString();
        await Check("GET", "/api/v1/workflow-instances", await http.GetAsync("api/v1/workflow-instances"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/workflow-instances", await http.GetAsync("api/v1/workflow-instances?limit=0"), HttpStatusCode.BadRequest);
        await Check("GET", "/api/v1/workflow-instances/{instanceId}", await http.GetAsync($"api/v1/workflow-instances/{waitingId}"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/workflow-instances/{instanceId}", await http.GetAsync($"api/v1/workflow-instances/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Check("POST", "/api/v1/events/{eventName}", await http.PostAsJsonAsync("api/v1/events/order.approved", new { correlationId = "A-1", payload = new { ok = true } }), HttpStatusCode.OK);
        await Check("POST", "/api/v1/events/{eventName}", await http.PostAsync("api/v1/events/order.approved", Json("[1]")), HttpStatusCode.BadRequest);
        var other = await http.PostAsJsonAsync("api/v1/workflows/waiter/run", new { orderNumber = "B-2" });
        var otherId = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("instanceId").GetString();
        await Check("POST", "/api/v1/workflow-instances/{instanceId}/cancel", await http.PostAsync($"api/v1/workflow-instances/{otherId}/cancel", null), HttpStatusCode.OK);
        await Check("POST", "/api/v1/workflow-instances/{instanceId}/cancel", await http.PostAsync($"api/v1/workflow-instances/{otherId}/cancel", null), HttpStatusCode.Conflict);
        await Check("POST", "/api/v1/workflow-instances/{instanceId}/retry", await http.PostAsync($"api/v1/workflow-instances/{waitingId}/retry", null), HttpStatusCode.Conflict);
        await Check("POST", "/api/v1/workflow-instances/{instanceId}/retry", await http.PostAsync($"api/v1/workflow-instances/{Guid.NewGuid()}/retry", null), HttpStatusCode.NotFound);
        await Check("POST", "/api/v1/hooks/{definitionId}", await http.PostAsJsonAsync("api/v1/hooks/hook", new { a = 1 }), HttpStatusCode.Accepted);
        await Check("POST", "/api/v1/hooks/{definitionId}", await http.PostAsJsonAsync("api/v1/hooks/nope", new { a = 1 }), HttpStatusCode.NotFound);

        // Flows, connectors, quarantine, system, health
        await Eventually.Await(async () => (await http.GetAsync($"api/v1/orders/{orderId}")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(5), "order readable");
        await Check("GET", "/api/v1/flows", await http.GetAsync("api/v1/flows"), HttpStatusCode.OK);
        await Check("POST", "/api/v1/flows/{flow}/backfill", await http.PostAsync("api/v1/flows/tier/backfill", Json("{\"since\": 1}")), HttpStatusCode.BadRequest);
        await Check("POST", "/api/v1/flows/{flow}/backfill", await http.PostAsync("api/v1/flows/nope/backfill", null), HttpStatusCode.NotFound);
        await Check("GET", "/api/v1/connectors", await http.GetAsync("api/v1/connectors"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/quarantine", await http.GetAsync("api/v1/quarantine"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/quarantine", await http.GetAsync("api/v1/quarantine?limit=9999"), HttpStatusCode.BadRequest);
        await Check("GET", "/api/v1/system", await http.GetAsync("api/v1/system"), HttpStatusCode.OK);
        await Check("GET", "/health/live", await http.GetAsync("health/live"), HttpStatusCode.OK);
        await Check("GET", "/health/ready", await http.GetAsync("health/ready"), HttpStatusCode.OK);

        // Customers and receivables (an empty book answers the same shapes)
        await Check("GET", "/api/v1/customers", await http.GetAsync("api/v1/customers"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/customers", await http.GetAsync("api/v1/customers?colour=red"), HttpStatusCode.BadRequest);
        await Check("GET", "/api/v1/customers/{hubId}", await http.GetAsync($"api/v1/customers/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Check("GET", "/api/v1/customers/segments", await http.GetAsync("api/v1/customers/segments"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/receivables", await http.GetAsync("api/v1/receivables"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/receivables", await http.GetAsync("api/v1/receivables?pageToken=forged"), HttpStatusCode.BadRequest);
        await Check("GET", "/api/v1/receivables.csv", await http.GetAsync("api/v1/receivables.csv"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/receivables/aging", await http.GetAsync("api/v1/receivables/aging?asOf=2026-12-01"), HttpStatusCode.OK);
        await Check("GET", "/api/v1/receivables/aging", await http.GetAsync("api/v1/receivables/aging?asOf=yesterday"), HttpStatusCode.BadRequest);

        // The common refusals
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        await Check("GET", "/api/v1/system", await anonymous.GetAsync("api/v1/system"), HttpStatusCode.Unauthorized);
        using var reader = new HttpClient { BaseAddress = http.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-Api-Key", ReaderKey);
        await Check("GET", "/api/v1/system", await reader.GetAsync("api/v1/system"), HttpStatusCode.Forbidden);

        Assert.True(_contract.Checked.Count >= 45, string.Join("\n", _contract.Checked));
    }

    private async Task<HttpResponseMessage> Check(string method, string template, HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(expected == response.StatusCode, $"{method} {template}: expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await _contract.CheckAsync(method, template, response);
        return response;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Template(string raw) => RouteParameter().Replace(raw, "{$1}");

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private static bool StaticFile(string raw) =>
        raw.StartsWith("_framework/", StringComparison.Ordinal) || raw.StartsWith("_content/", StringComparison.Ordinal) || raw.StartsWith("/_framework/", StringComparison.Ordinal)
        || raw.StartsWith("/_content/", StringComparison.Ordinal) || raw.StartsWith("console/", StringComparison.Ordinal) || raw.StartsWith("{**path", StringComparison.Ordinal);
}
