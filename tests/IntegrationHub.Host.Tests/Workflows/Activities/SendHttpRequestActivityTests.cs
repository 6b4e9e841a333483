using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Runtime.Activities.Http;
using IntegrationHub.Testing;
using IntegrationHub.Workflows.Execution;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Tests.Workflows.Activities;

/// <summary>SendHttpRequest against a real Kestrel server: request building, named-client settings, outcomes, path rules.</summary>
public sealed class SendHttpRequestActivityTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(EchoAsync);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Echoes the request as JSON; /v1/status/{code} answers that code, /v1/hang waits for the client to give up.</summary>
    private static async Task EchoAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.StartsWith("/v1/status/", StringComparison.Ordinal))
        {
            http.Response.StatusCode = int.Parse(path["/v1/status/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            await http.Response.WriteAsync("plain text");
            return;
        }

        if (path == "/v1/hang")
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        http.Response.Headers["X-Echo"] = "yes";
        await http.Response.WriteAsJsonAsync(new
        {
            method = http.Request.Method,
            path,
            query = http.Request.QueryString.Value,
            apiKey = http.Request.Headers["X-Api-Key"].ToString(),
            requestId = http.Request.Headers["X-Request-Id"].ToString(),
            contentType = http.Request.ContentType,
            body,
        });
    }

    private ServiceProvider Services(string timeout = "00:00:30", Uri? baseAddress = null) => HubEngine.Create(new Dictionary<string, string?>
    {
        ["Workflows:HttpClients:echo:BaseAddress"] = (baseAddress ?? new Uri(_server.BaseUrl, "v1/")).ToString(),
        ["Workflows:HttpClients:echo:Timeout"] = timeout,
        ["Workflows:HttpClients:echo:Headers:X-Api-Key"] = "s3cret-key-value",
    });

    private static string Flow(string inputs) => $$"""
        definitionId: http
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: response, type: json }
          - { name: outcome, type: string, value: none }
        root:
          type: Flowchart
          activities:
            - id: call
              type: SendHttpRequest
              client: echo
              resultVariable: response
              {{inputs.ReplaceLineEndings("\n      ")}}
            - { id: ok, type: SetVariable, variable: outcome, value: Success }
            - { id: client-error, type: SetVariable, variable: outcome, value: ClientError }
            - { id: server-error, type: SetVariable, variable: outcome, value: ServerError }
            - { id: no-connection, type: SetVariable, variable: outcome, value: FailedToConnect }
            - { id: timeout, type: SetVariable, variable: outcome, value: Timeout }
          connections:
            - call:Success -> ok
            - call:ClientError -> client-error
            - call:ServerError -> server-error
            - call:FailedToConnect -> no-connection
            - call:Timeout -> timeout
        """;

    [Fact]
    public async Task SendHttpRequest_Get_UsesTheClientsBaseAddressAndHeadersAndReturnsJson()
    {
        await using var services = Services();

        var result = await services.RunAsync(Flow("""
            path: ${ input.path }
            query: { status: open, tag: [a, "b c"] }
            headers: { X-Request-Id: req-1 }
            """), JsonNode.Parse("""{"path": "orders/42"}"""));

        Assert.True(result.SubStatus == WorkflowSubStatus.Finished, result.Incident?.Message);
        Assert.Equal("Success", result.Variables["outcome"]);
        var response = (JsonNode)result.Variables["response"]!;
        Assert.Equal(200, (int)response["statusCode"]!);
        Assert.Equal("yes", (string?)response["headers"]!["x-echo"]);
        var echo = response["body"]!;
        Assert.Equal("GET", (string?)echo["method"]);
        Assert.Equal("/v1/orders/42", (string?)echo["path"]);
        Assert.Equal("?status=open&tag=a&tag=b%20c", (string?)echo["query"]);
        Assert.Equal("s3cret-key-value", (string?)echo["apiKey"]); // the configured default header
        Assert.Equal("req-1", (string?)echo["requestId"]);
    }

    [Fact]
    public async Task SendHttpRequest_PostJson_SendsTheBodyAsJson()
    {
        await using var services = Services();

        var result = await services.RunAsync(Flow("""
            method: POST
            path: /orders
            body: ${ input.order }
            """), JsonNode.Parse("""{"order": {"number": "SO-1", "lines": [1, 2]}}"""));

        var echo = ((JsonNode)result.Variables["response"]!)["body"]!;
        Assert.Equal("POST", (string?)echo["method"]);
        Assert.Equal("/v1/orders", (string?)echo["path"]); // a leading '/' is still under the base path
        Assert.StartsWith("application/json", (string?)echo["contentType"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"number": "SO-1", "lines": [1, 2]}"""), JsonNode.Parse((string)echo["body"]!)));
    }

    [Theory]
    [InlineData(404, "ClientError")]
    [InlineData(503, "ServerError")]
    public async Task SendHttpRequest_ErrorStatus_CompletesWithItsOutcome(int status, string outcome)
    {
        await using var services = Services();

        var result = await services.RunAsync(Flow($"path: status/{status}"));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(outcome, result.Variables["outcome"]);
        Assert.Equal(status, (int)((JsonNode)result.Variables["response"]!)["statusCode"]!);
        Assert.Equal("plain text", (string?)((JsonNode)result.Variables["response"]!)["body"]);
    }

    [Fact]
    public async Task SendHttpRequest_FaultOnServerError_FaultsSoRetryApplies()
    {
        await using var services = Services();

        var result = await services.RunAsync(Flow("path: status/502\nfaultOnServerError: true"));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("GET /v1/status/502 answered 502 Bad Gateway.", result.Incident!.Message);
    }

    [Fact]
    public async Task SendHttpRequest_NothingListening_CompletesWithFailedToConnect()
    {
        var closed = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var address = closed.BaseUrl;
        await closed.DisposeAsync();
        await using var services = Services(baseAddress: address);

        var result = await services.RunAsync(Flow("path: x"));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("FailedToConnect", result.Variables["outcome"]);
    }

    [Fact]
    public async Task SendHttpRequest_ServerTooSlow_CompletesWithTimeout()
    {
        await using var services = Services(timeout: "00:00:00.200");

        var result = await services.RunAsync(Flow("path: hang"));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("Timeout", result.Variables["outcome"]);
    }

    [Theory]
    [InlineData("https://elsewhere.example/x", "path 'https://elsewhere.example/x' must be relative to the client's base address (no scheme, host, '\\' or '#').")]
    [InlineData("//elsewhere.example/x", "path '//elsewhere.example/x' must be relative to the client's base address (no scheme, host, '\\' or '#').")]
    [InlineData("../admin", "path '../admin' leaves the client's base address.")]
    [InlineData("orders/../../admin", "path 'orders/../../admin' leaves the client's base address.")]
    [InlineData("%2e%2e/admin", "path '%2e%2e/admin' leaves the client's base address.")]
    public async Task SendHttpRequest_PathOutsideTheBase_FaultsWithoutSending(string path, string message)
    {
        await using var services = Services();

        var result = await services.RunAsync(Flow("path: ${ input.path }"), new JsonObject { ["path"] = path });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(message, result.Incident!.Message);
    }

    [Fact]
    public async Task SendHttpRequest_UnknownClient_FaultsNamingTheSetting()
    {
        await using var services = Services();

        var result = await services.RunAsync(Flow("path: x").Replace("client: echo", "client: ${ input.client }", StringComparison.Ordinal), JsonNode.Parse("""{"client": "nope"}"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("No HTTP client 'nope' is configured (Workflows:HttpClients:nope:BaseAddress).", result.Incident!.Message);
    }

    [Fact]
    public void Options_BadClientSettings_FailAtStartNamingEachSettingButNoSecret()
    {
        using var services = HubEngine.Create(new Dictionary<string, string?>
        {
            ["Workflows:HttpClients:crm:BaseAddress"] = "/relative",
            ["Workflows:HttpClients:crm:Timeout"] = "00:00:00",
            ["Workflows:HttpClients:erp:Headers:Content-Type"] = "top-secret",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WorkflowHttpClientsOptions>>().Value);

        Assert.Contains("Workflows:HttpClients:crm:BaseAddress is required and must be an absolute http(s) URL without query or fragment.", ex.Failures);
        Assert.Contains("Workflows:HttpClients:crm:Timeout must be between 0 and 10 minutes (exclusive of 0).", ex.Failures);
        Assert.Contains("Workflows:HttpClients:erp:BaseAddress is required and must be an absolute http(s) URL without query or fragment.", ex.Failures);
        Assert.Contains("Workflows:HttpClients:erp:Headers:Content-Type is not a usable request header (empty value, content header or Host).", ex.Failures);
        Assert.DoesNotContain("top-secret", ex.Message, StringComparison.Ordinal);
    }
}
