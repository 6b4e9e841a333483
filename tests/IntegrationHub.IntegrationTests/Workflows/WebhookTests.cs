using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using IntegrationHub.Host.Workflows;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>Webhook trigger: HMAC-SHA256 signed calls within a replay window, or the API key when no secret is set.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "whsec-test-0123456789abcdef";
    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["Workflows:Webhooks:Secrets:signed-hook"] = Secret,
            ["Workflows:Webhooks:Secrets:signed-failing-hook"] = Secret,
        },
        new Dictionary<string, string>
        {
            ["signed.yaml"] = Hook("signed-hook", "SetVariable, variable: got, value: \"${ input.data.customer }\""),
            ["open.yaml"] = Hook("open-hook", "SetVariable, variable: got, value: \"${ input.data.customer }\""),
            ["fails.yaml"] = Hook("failing-hook", "Fail, message: nope"),
            ["signed-fails.yaml"] = Hook("signed-failing-hook", "Fail, message: nope"),
        });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task SignedCall_StartsAnInstance_WithTheBodyAsData()
    {
        using var response = await Send("signed-hook", """{"customer":"CUST7"}""", Now(), sign: true);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("instanceId").GetString();
        var instance = await _hub.GetJsonAsync($"api/v1/workflow-instances/{instanceId}");
        Assert.Equal("CUST7", instance.GetProperty("variables").GetProperty("got").GetString());
    }

    [Fact]
    public async Task WrongSignature_StaleTimestamp_AndReplay_AreRefused()
    {
        const string body = """{"customer":"CUST8"}""";
        using var forged = await Send("signed-hook", body, Now(), sign: true, tamper: true);
        using var stale = await Send("signed-hook", body, Now() - 600, sign: true);
        var ts = Now();
        using var first = await Send("signed-hook", body, ts, sign: true);
        using var replay = await Send("signed-hook", body, ts, sign: true);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("does not match", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Contains("outside the 5 minute window", await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("replay", await replay.Content.ReadAsStringAsync());
        Assert.DoesNotContain(Secret, await forged.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutASecret_TheApiKeyIsRequired()
    {
        using var anonymous = await Send("open-hook", """{"customer":"C1"}""", Now(), sign: false);
        using var withKey = await Send("open-hook", """{"customer":"C1"}""", Now(), sign: false, apiKey: true);
        using var unknown = await Send("no-such-hook", "{}", Now(), sign: false, apiKey: true);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task FaultingWorkflow_Answers503WithRetryAfter_WithoutTheIncidentText()
    {
        using var response = await Send("failing-hook", "{}", Now(), sign: false, apiKey: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Faulted", text);
        Assert.DoesNotContain("nope", text);
    }

    [Fact]
    public async Task SignedCallThatFaulted_MayBeSentAgain_TheSignatureIsNotSpent()
    {
        var ts = Now();
        using var first = await Send("signed-failing-hook", "{}", ts, sign: true);
        using var again = await Send("signed-failing-hook", "{}", ts, sign: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
    }

    [Fact]
    public async Task Signature_IsBoundToTheWorkflow_AndTheUnboundFormIsRefusedByDefault()
    {
        const string body = """{"customer":"CUST9"}""";
        var ts = Now();
        using var forOtherHook = await Send("signed-hook", body, ts, sign: true, signedFor: "signed-failing-hook");
        using var unbound = await Send("signed-hook", body, ts, sign: true, unbound: true);

        Assert.Equal(HttpStatusCode.Unauthorized, forOtherHook.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unbound.StatusCode);
    }

    [Fact]
    public async Task TheUnboundForm_IsAcceptedDuringAMigrationWindow_WhenSwitchedOn()
    {
        await using var hub = await HubTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Workflows:Webhooks:Secrets:signed-hook"] = Secret,
                ["Workflows:Webhooks:AcceptUnboundSignatures"] = "true",
            },
            new Dictionary<string, string> { ["signed.yaml"] = Hook("signed-hook", "SetVariable, variable: got, value: \"${ input.data.customer }\"") });
        var body = Encoding.UTF8.GetBytes("""{"customer":"OLD1"}""");
        var ts = Now();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/hooks/signed-hook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.SignUnbound(Secret, ts, body));

        using var response = await new HttpClient { BaseAddress = hub.Http.BaseAddress }.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("-5")]
    [InlineData("1e9")]
    [InlineData("")]
    public async Task HostileTimestamps_AreRefusedWith401(string timestamp)
    {
        using var http = new HttpClient { BaseAddress = _hub.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/hooks/signed-hook") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, "sha256=" + new string('0', 64));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task UnauthenticatedCall_IsRefusedBeforeItsBodyIsSent()
    {
        // Announces 100 MB and sends none of it: the answer comes from the headers alone.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_hub.Http.BaseAddress!.Host, _hub.Http.BaseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST /api/v1/hooks/open-hook HTTP/1.1\r\nHost: {_hub.Http.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 401", statusLine);
    }

    private async Task<HttpResponseMessage> Send(string hook, string body, long timestamp, bool sign, bool tamper = false, bool apiKey = false,
        string? signedFor = null, bool unbound = false)
    {
        using var http = new HttpClient { BaseAddress = _hub.Http.BaseAddress };
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/hooks/{hook}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (sign)
        {
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            var signedBody = Encoding.UTF8.GetBytes(tamper ? body + " " : body);
            request.Headers.Add(WebhookSignature.SignatureHeader, unbound
                ? WebhookSignature.SignUnbound(Secret, timestamp, signedBody)
                : WebhookSignature.Sign(Secret, signedFor ?? hook, timestamp, signedBody));
        }

        if (apiKey)
        {
            request.Headers.Add("X-Api-Key", HubTestHost.ApiKey);
        }

        return await http.SendAsync(request);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    internal static string Hook(string id, string activity) => $$"""
        definitionId: {{id}}
        version: 1
        trigger: { type: Webhook }
        variables:
          - { name: got, type: string }
        root:
          type: Sequence
          activities:
            - { id: a, type: {{activity}} }
        """;
}
