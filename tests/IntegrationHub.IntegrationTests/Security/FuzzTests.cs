using System.Net;
using Xunit.Abstractions;

namespace IntegrationHub.IntegrationTests.Security;

/// <summary>
/// Every POST endpoint under thousands of hostile bodies and headers (<see cref="HostileCorpus"/>, seeded; set
/// <c>HUB_FUZZ_SEED</c> to replay one, <c>HUB_FUZZ_REQUESTS</c> for a longer run): no 5xx, nothing stored or published
/// for a refused request (the rows the store holds are exactly those of the accepted ones).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HostileBodiesAndHeaders_NeverYield5xx_AndRefusedRequestsStoreNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HUB_FUZZ_SEED"), out var s) ? s : Environment.TickCount;
        var perEndpoint = int.TryParse(Environment.GetEnvironmentVariable("HUB_FUZZ_REQUESTS"), out var n) ? n : 1000;
        output.WriteLine($"HUB_FUZZ_SEED={seed}, {perEndpoint} requests per endpoint");
        var corpus = new HostileCorpus(seed);
        await using var hub = await HostileInputTests.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Limits:ClientRequestsPerSecond"] = "100000",
            ["Hub:Limits:FailedAuthenticationsPerMinute"] = "100000",
        });

        var requests = new List<(string Endpoint, HttpRequestMessage Request)>();
        var sequence = 0;
        foreach (var endpoint in HostileInputTests.Endpoints)
        {
            for (var i = 0; i < perEndpoint; i++)
            {
                var request = HostileInputTests.Request(endpoint, corpus.Body(endpoint, sequence), corpus.ContentType(), sequence++);
                foreach (var header in new[] { "Idempotency-Key", "X-Hub-Timestamp", "X-Hub-Signature-256", "X-Hub-Delivery" })
                {
                    if (corpus.Header() is { } value)
                    {
                        request.Headers.Remove(header);
                        request.Headers.TryAddWithoutValidation(header, value);
                    }
                }

                requests.Add((endpoint, request));
            }
        }

        var answers = new List<(string Endpoint, HttpStatusCode Status, string Body, bool Replayed)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) =>
        {
            using var response = await hub.Http.SendAsync(item.Request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            lock (answers)
            {
                answers.Add((item.Endpoint, response.StatusCode, body, response.Headers.Contains("Idempotent-Replayed")));
            }
        });

        var byStatus = answers.GroupBy(a => (a.Endpoint, (int)a.Status)).OrderBy(g => g.Key).Select(g => $"{g.Key.Endpoint} {g.Key.Item2}: {g.Count()}");
        output.WriteLine(string.Join(Environment.NewLine, byStatus));
        var serverErrors = answers.Where(a => (int)a.Status >= 500 && !IsPublishPending(a)).ToList();
        Assert.True(serverErrors.Count == 0, $"seed {seed}: {serverErrors.Count} answers 5xx, e.g. {serverErrors.FirstOrDefault()}");
        Assert.All(answers.Where(a => (int)a.Status >= 400), a => Assert.DoesNotContain("Exception", a.Body));

        var orders = answers.Count(a => a.Endpoint == "orders" && (a.Status == HttpStatusCode.Accepted || IsPublishPending(a)) && !a.Replayed);
        var instances = answers.Count(a => a.Endpoint is "run" or "hook" or "signed-hook" && (int)a.Status is 200 or 202);
        var queued = answers.Count(a => a.Endpoint == "events" && a.Status == HttpStatusCode.OK);
        var signed = answers.Count(a => a.Endpoint == "signed-hook" && a.Status == HttpStatusCode.Accepted);
        Assert.True(orders > 0 && instances > 0 && queued > 0, $"seed {seed}: the corpus produced no accepted request of some kind ({orders}, {instances}, {queued})");
        var stored = await HostileInputTests.CountStoredAsync(hub);
        Assert.Equal(new long[] { orders, orders, instances, queued, signed }, stored);
    }

    private static bool IsPublishPending((string Endpoint, HttpStatusCode Status, string Body, bool Replayed) answer) =>
        answer.Endpoint == "orders" && answer.Status == HttpStatusCode.ServiceUnavailable && answer.Body.Contains("Stored, not yet published", StringComparison.Ordinal);
}
