using System.Collections.Concurrent;
using System.Globalization;
using IntegrationHub.IntegrationTests.Orders;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Testing;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// Three hub processes on one PostgreSQL store and one Kafka cluster, while an ERP pushes orders to whichever hub answers:
/// one hub at a time is SIGKILLed at a random moment and started again, <c>HUB_CHAOS_KILLS</c> times (default 20). The
/// store, Kafka and the CRM outlive the hubs. At the end every order answered 202 is in the CRM exactly once.
/// </summary>
[Collection(HubKilledDuringPushTests.Name)]
public sealed class HubsKilledOnPostgresTests
{
    private const string ApiKey = "chaos-key-0123456789abcdef";
    private const int Orders = 600;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task ThreeHubsOnePostgres_KilledAtRandom_EveryAcceptedOrderIsInTheCrmExactlyOnce()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("HUB_CHAOS_KILLS"), CultureInfo.InvariantCulture, out var k) && k > 0 ? k : 20;
        using var dir = new TempDirectory();
        await using var sandboxes = await SandboxSystems.StartAsync(new ConfigurationBuilder().Build(), demo: false);
        var topic = SharedKafka.UniqueName("erp.orders");
        var env = HubCluster.Environment(ApiKey, topic, await SharedPostgres.CreateDatabaseAsync("chaos"), sandboxes);

        var flow = HubTestHost.OrderFlow(topic); // one consumer group for every node
        var nodes = Enumerable.Range(0, 3).Select(i => new HubNode(dir, i, ApiKey, new Dictionary<string, string> { ["erp-orders-to-crm.yaml"] = flow }, env)).ToList();
        var accepted = new ConcurrentDictionary<string, string>();
        var unanswered = new ConcurrentQueue<int>();
        var next = 0;
        try
        {
            nodes.ForEach(n => n.Start());
            foreach (var node in nodes)
            {
                await node.UpAsync();
            }

            using var pushing = new CancellationTokenSource();
            var pushers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                // About 13 orders a second in all, spread over the kills, as a busy ERP pushes.
                for (var i = Interlocked.Increment(ref next); i <= Orders && !pushing.IsCancellationRequested; i = Interlocked.Increment(ref next))
                {
                    if (!await PushAsync(nodes[i % nodes.Count].Http, i, accepted))
                    {
                        unanswered.Enqueue(i);
                    }

                    await Task.Delay(300);
                }
            })).ToList();

            var random = new Random(20261203);
            for (var kill = 0; kill < kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 + random.Next(1500)));
                var victim = nodes[random.Next(nodes.Count)];
                victim.Kill(); // mid-push: requests in flight, records being consumed, CRM calls under way
                victim.Start();
                await victim.UpAsync();
            }

            await pushing.CancelAsync(); // the pushers have usually sent every order by now
            await Task.WhenAll(pushers);

            // The ERP retries what got no answer, with the same Idempotency-Key.
            while (unanswered.TryDequeue(out var i))
            {
                await Eventually.Await(() => PushAsync(nodes[i % nodes.Count].Http, i, accepted), ok => ok, Wait, $"order {i} accepted on retry");
            }

            var expected = accepted.Keys.ToHashSet(StringComparer.Ordinal);
            Assert.True(expected.Count >= 200, $"only {expected.Count} orders were accepted while hubs were killed");
            await HubCluster.AssertInCrmExactlyOnceAsync(sandboxes, expected, Wait, nodes, $"after {kills} kills");
            Assert.True(nodes.Sum(n => n.Kills) == kills);
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }

    private static Task<bool> PushAsync(HttpClient http, int i, ConcurrentDictionary<string, string> accepted) =>
        ErpPush.TryAsync(http, $"SO-C-{i:D5}", $"chaos-{i}", $"CUST{i % 8:D5}", accepted);
}
