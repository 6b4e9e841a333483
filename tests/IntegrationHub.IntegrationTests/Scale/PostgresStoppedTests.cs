using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Testing;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// Two hub processes on one PostgreSQL server, which is stopped for <c>HUB_PG_OUTAGE_SECONDS</c> (default 30) while an
/// ERP keeps pushing orders: the API answers 503 with Retry-After (never a 500), the hubs keep running and become ready
/// again by themselves once the server is back, and every order answered 202 reaches the CRM exactly once.
/// </summary>
[Collection(HubKilledDuringPushTests.Name)]
public sealed class PostgresStoppedTests
{
    private const string ApiKey = "outage-key-0123456789abcdef";

    [Fact]
    public async Task PostgresStoppedMidRun_Answers503_LosesNothing_HubsRecoverByThemselves()
    {
        var outage = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("HUB_PG_OUTAGE_SECONDS"), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 30);
        using var dir = new TempDirectory();
        var postgres = await PostgresServer.StartAsync(); // its own server: this test stops it
        // The vendors' published rate limits off (in the sandboxes and in the hub's connectors): the CRM's windows would pace
        // the catch-up after the outage, not the hub.
        var sandboxSettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:PublishedLimits"] = "false" }).Build();
        await using var sandboxes = await SandboxSystems.StartAsync(sandboxSettings, demo: false);
        var topic = SharedKafka.UniqueName("erp.orders");
        var env = HubCluster.Environment(ApiKey, topic, await postgres.CreateDatabaseAsync("outage"), sandboxes);

        env["Connectors__Fxiaoke__Limits__PermitLimit"] = "0";

        var flow = new Dictionary<string, string> { ["erp-orders-to-crm.yaml"] = HubTestHost.OrderFlow(topic) };
        var nodes = Enumerable.Range(0, 2).Select(i => new HubNode(dir, i, ApiKey, flow, env)).ToList();
        var answers = new ConcurrentBag<string>();
        var accepted = new ConcurrentDictionary<string, string>();
        var retry = new ConcurrentQueue<int>();
        var next = 0;
        try
        {
            nodes.ForEach(n => n.Start());
            foreach (var node in nodes)
            {
                await node.ReadyAsync(TimeSpan.FromSeconds(90));
            }

            using var pushing = new CancellationTokenSource();
            var pushers = Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
            {
                while (!pushing.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    if (!await PushAsync(nodes[i % nodes.Count].Http, i, accepted, answers))
                    {
                        retry.Enqueue(i);
                    }

                    await Task.Delay(250); // about 8 orders a second in all
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(3));
            var before = accepted.Count;
            await postgres.StopAsync();
            await Task.Delay(outage);
            var during = answers.ToList();
            await postgres.StartAgainAsync();

            // Nobody restarts them: each hub finds the store again on its own.
            foreach (var node in nodes)
            {
                await node.ReadyAsync(TimeSpan.FromSeconds(60));
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            await pushing.CancelAsync();
            await Task.WhenAll(pushers);

            Assert.True(before > 0, "no order was accepted before the outage");
            Assert.Contains("503+retry-after", during);
            Assert.DoesNotContain(answers, a => !(a is "202" or "503+retry-after" or "no answer" || a.StartsWith("409 ", StringComparison.Ordinal)));

            // The ERP retries what was refused or unanswered, with the same Idempotency-Key.
            while (retry.TryDequeue(out var i))
            {
                await Eventually.Await(() => PushAsync(nodes[i % nodes.Count].Http, i, accepted, answers), ok => ok, TimeSpan.FromSeconds(60), $"order {i} accepted on retry");
            }

            var expected = accepted.Keys.ToHashSet(StringComparer.Ordinal);
            await HubCluster.AssertInCrmExactlyOnceAsync(sandboxes, expected, TimeSpan.FromSeconds(120), nodes, "after the outage");
            foreach (var node in nodes)
            {
                // Records consumed while the store was down waited for it: none was dead-lettered for the outage.
                using var flows = System.Text.Json.JsonDocument.Parse(await node.Http.GetStringAsync("api/v1/flows"));
                Assert.All(flows.RootElement.GetProperty("flows").EnumerateArray(), f => Assert.Equal(0, f.GetProperty("deadLettered").GetInt64()));
            }

            Assert.All(nodes, n => Assert.False(n.Exited, $"{n.Name} exited:\n{n.Tail(60)}"));
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }

    /// <summary>One push; the answer is noted as its status (503 with or without Retry-After told apart).</summary>
    private static async Task<bool> PushAsync(HttpClient http, int i, ConcurrentDictionary<string, string> accepted, ConcurrentBag<string> answers)
    {
        var number = $"SO-O-{i:D5}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders")
        {
            Content = new StringContent(SampleOrders.Json(number, customer: $"CUST{i % 8:D5}"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", $"outage-{i}");
        try
        {
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            answers.Add(response.StatusCode == HttpStatusCode.ServiceUnavailable
                ? response.Headers.RetryAfter is null ? "503 without retry-after" : "503+retry-after"
                : status == 202 ? "202" : $"{status} {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted[number] = response.Headers.Location?.OriginalString ?? "";
                return true;
            }

            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            answers.Add("no answer");
            return false;
        }
    }
}
