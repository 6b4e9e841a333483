using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using IntegrationHub.Host.Workflows;

namespace IntegrationHub.IntegrationTests.Security;

/// <summary>
/// The probe's findings, each on every POST endpoint: hostile JSON, wrong content types and oversized bodies answer
/// 4xx problem+json naming the problem, never 500, and leave nothing stored.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    public const string Secret = "whsec-hostile-0123456789abcdef";
    private HubTestHost _hub = null!;

    public static readonly string[] Endpoints = ["orders", "events", "run", "hook", "signed-hook"];

    public async Task InitializeAsync() => _hub = await StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>A hub with a manual workflow, an API-key webhook and a signed webhook, each only setting a variable.</summary>
    public static Task<HubTestHost> StartAsync(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Workflows:Webhooks:Secrets:signed-hook"] = Secret,
            ["Workflows:MaxInputBytes"] = "4096",
            ["Workflows:MaxEventBytes"] = "4096",
            ["Hub:MaxOrderBodyBytes"] = "8192",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return HubTestHost.StartAsync(settings, new Dictionary<string, string>
        {
            ["echo.yaml"] = Workflow("echo", "Manual"),
            ["hook.yaml"] = Workflow("hook", "Webhook"),
            ["signed-hook.yaml"] = Workflow("signed-hook", "Webhook"),
        });
    }

    /// <summary>The request for <paramref name="endpoint"/> with <paramref name="body"/> (signed for the signed hook).</summary>
    public static HttpRequestMessage Request(string endpoint, byte[] body, string contentType = "application/json", int? sequence = null)
    {
        var path = endpoint switch
        {
            "orders" => "api/v1/orders",
            "events" => "api/v1/events/hostile",
            "run" => "api/v1/workflows/echo/run",
            "hook" => "api/v1/hooks/hook",
            _ => "api/v1/hooks/signed-hook",
        };
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Idempotency-Key", $"hostile-{sequence ?? Random.Shared.Next()}");
        if (endpoint == "signed-hook")
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(Secret, "signed-hook", timestamp, body));
        }

        return request;
    }

    public static async Task<long[]> CountStoredAsync(HubTestHost hub) =>
    [
        await hub.CountRowsAsync("orders"),
        await hub.CountRowsAsync("outbox"),
        // The repository's order flow consumes accepted orders in the background; only the endpoints' own instances count here.
        await hub.CountRowsAsync("workflow_instances WHERE definition_id <> 'erp-orders-to-crm'"),
        await hub.CountRowsAsync("workflow_pending_events"),
        await hub.CountRowsAsync("replay_guard"),
    ];

    [Theory]
    [InlineData("""{"a":"\ud800"}""", "a", "unpaired UTF-16 surrogate")]
    [InlineData("""{"a":{"\udc00x":1}}""", "a", "unpaired UTF-16 surrogate")]
    [InlineData("""{"a":1,"a":2}""", "a", "Duplicate property")]
    [InlineData("""{"b":{"c":[{"d":1,"d":1}]}}""", "b.c[0].d", "Duplicate property")]
    [InlineData("""{"notes":"line\u0000"}""", "notes", "U+0000")]
    [InlineData("""{"a":["\u001b[31m"]}""", "a[0]", "U+001B")]
    [InlineData("""{"a":1e999}""", "a", "out of range")]
    [InlineData("""{"a":""", "$", "not valid JSON")]
    public async Task HostileJson_Is400NamingThePath_AndNothingIsStored(string json, string path, string reason)
    {
        foreach (var endpoint in Endpoints)
        {
            var before = await CountStoredAsync(_hub);
            using var response = await _hub.Http.SendAsync(Request(endpoint, Encoding.UTF8.GetBytes(json)));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{endpoint}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, text);
            Assert.Contains($"\"{path}\"", text);
            Assert.DoesNotContain("Exception", text);
            Assert.Equal(before, await CountStoredAsync(_hub));
        }
    }

    [Fact]
    public async Task InvalidUtf8_Is400_OnEveryEndpoint()
    {
        byte[] body = [.. "{\"a\":\""u8, 0xff, 0xfe, 0x80, .. "\"}"u8];
        foreach (var endpoint in Endpoints)
        {
            using var response = await _hub.Http.SendAsync(Request(endpoint, body));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{endpoint}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task DeepNesting_Is400_OnEveryEndpoint()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 200) + new string(']', 200) + "}");
        foreach (var endpoint in Endpoints)
        {
            using var response = await _hub.Http.SendAsync(Request(endpoint, body));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{endpoint}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task WrongContentType_Is415_OnEveryEndpoint(string contentType)
    {
        foreach (var endpoint in Endpoints)
        {
            using var response = await _hub.Http.SendAsync(Request(endpoint, "{}"u8.ToArray(), contentType));

            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{endpoint}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task BodiesOverTheLimit_Are413_AnnouncedOrChunked()
    {
        var big = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 20_000) + "\"}");
        foreach (var endpoint in Endpoints)
        {
            using var announced = await _hub.Http.SendAsync(Request(endpoint, big));
            var chunked = Request(endpoint, big);
            chunked.Content = new StreamContent(new MemoryStream(big));
            chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            chunked.Headers.TransferEncodingChunked = true;
            using var streamed = await _hub.Http.SendAsync(chunked);

            Assert.True(announced.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{endpoint}: {(int)announced.StatusCode}");
            Assert.True(streamed.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{endpoint} chunked: {(int)streamed.StatusCode}");
        }
    }

    [Fact]
    public async Task OrderAmountsThatWouldOverflow_Are400NamingTheField()
    {
        var json = Orders.SampleOrders.Json("SO-OVERFLOW-1").Replace("\"quantity\": 2", "\"quantity\": 79228162514264337593543950335", StringComparison.Ordinal);

        using var response = await _hub.PushAsync(json, "overflow-1");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lines[0].quantity", text);
    }

    [Fact]
    public async Task ASlowBody_Is408_NotA500()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_hub.Http.BaseAddress!.Host, _hub.Http.BaseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST /api/v1/events/slow HTTP/1.1\r\nHost: {_hub.Http.BaseAddress.Authority}\r\nX-Api-Key: {HubTestHost.ApiKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"payload\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);

        // Kestrel's minimum body rate (240 bytes/s after a 5 s grace) cuts the request off.
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 408", statusLine);
    }

    [Theory]
    [InlineData("POST", "api/v1/events/bad%01name", "eventName")]
    [InlineData("POST", "api/v1/workflows/echo/run?correlationId=a%1Bb", "correlationId")]
    [InlineData("GET", "api/v1/workflow-instances?limit=100000000", "limit")]
    [InlineData("GET", "api/v1/workflow-instances?limit=-1", "limit")]
    public async Task HostileRouteAndQueryValues_Are400NamingThem(string method, string path, string field)
    {
        using var response = await _hub.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AQueryValueOfTheWrongType_Is400_NotA500()
    {
        using var response = await _hub.Http.GetAsync("api/v1/workflow-instances?limit=lots");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Workflow(string id, string trigger) => $$"""
        definitionId: {{id}}
        version: 1
        trigger: { type: {{trigger}} }
        variables:
          - { name: got, type: string }
        root:
          type: Sequence
          activities:
            - { id: a, type: SetVariable, variable: got, value: "ok" }
        """;
}
