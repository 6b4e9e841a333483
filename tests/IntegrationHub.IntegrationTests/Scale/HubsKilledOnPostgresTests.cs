using System.Collections.Concurrent;
using System.Globalization;
using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.IntegrationTests.Hosting;
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
        var env = new Dictionary<string, string>
        {
            ["HUB_API_KEY"] = ApiKey,
            ["Hub__OrdersTopic"] = topic,
            ["Kafka__BootstrapServers"] = SharedKafka.BootstrapServers,
            ["Kafka__SessionTimeout"] = "00:00:06",
            ["Kafka__FetchWaitMax"] = "00:00:00.010",
            ["Store__Provider"] = "postgresql",
            ["Store__ConnectionString"] = await SharedPostgres.CreateDatabaseAsync("chaos"),
            ["Workflows__LeaseDuration"] = "00:00:05",
        };
        foreach (var (key, value) in sandboxes.ConnectorSettings())
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        var flow = HubTestHost.OrderFlow(topic); // one consumer group for every node
        var nodes = Enumerable.Range(0, 3).Select(i => new Node(dir, i, flow, env)).ToList();
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
            List<string> CrmOrders() => [.. sandboxes.Fxiaoke!.Records.All(FxiaokeFields.SalesOrderObject).Select(o => o[FxiaokeFields.ErpOrderNo]!.GetValue<string>())];
            List<string> crmOrders;
            try
            {
                crmOrders = await Eventually.Await(() => CrmOrders(), orders => expected.IsSubsetOf(orders), Wait, "every accepted order reaches the CRM");
            }
            catch (TimeoutException)
            {
                var missing = expected.Except(CrmOrders(), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                Assert.Fail($"{missing.Count} of {expected.Count} accepted orders not in the CRM after {kills} kills: {string.Join(", ", missing.Take(20))}\n" +
                    string.Join("\n---\n", nodes.Select(n => n.Tail())));
                throw;
            }

            Assert.Equal(crmOrders.Count, crmOrders.Distinct(StringComparer.Ordinal).Count()); // exactly once: no duplicates
            Assert.Equal(expected.Order(StringComparer.Ordinal), crmOrders.Order(StringComparer.Ordinal));
            Assert.True(nodes.Sum(n => n.Kills) == kills);
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }

    private static Task<bool> PushAsync(HttpClient http, int i, ConcurrentDictionary<string, string> accepted) =>
        ErpPush.TryAsync(http, $"SO-C-{i:D5}", $"chaos-{i}", $"CUST{i % 8:D5}", accepted);

    /// <summary>One hub node: its port, folder and process, started again after each kill.</summary>
    private sealed class Node : IDisposable
    {
        private readonly Dictionary<string, string> _env;
        private readonly string _folder;
        private HostProcess? _process;

        public Node(TempDirectory dir, int index, string flow, IReadOnlyDictionary<string, string> env)
        {
            var port = LoopbackPorts.Free();
            _folder = Directory.CreateDirectory(dir.File("node" + index)).FullName;
            var workflows = Directory.CreateDirectory(Path.Combine(_folder, "workflows")).FullName;
            File.WriteAllText(Path.Combine(workflows, "erp-orders-to-crm.yaml"), flow);
            _env = new Dictionary<string, string>(env) { ["Hub__Urls"] = $"http://127.0.0.1:{port}", ["Workflows__Path"] = workflows };
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
            Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        }

        public HttpClient Http { get; }

        public int Kills { get; private set; }

        public void Start() => _process = HostProcess.Start(_folder, _env);

        public void Kill()
        {
            _process?.Kill();
            _process?.Dispose();
            Kills++;
        }

        public Task UpAsync() => Eventually.Await(async () =>
        {
            try
            {
                using var response = await Http.GetAsync("health/live");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                Assert.True(_process!.Stderr.Length == 0, _process.Stderr);
                return false;
            }
        }, up => up, TimeSpan.FromSeconds(90), "the hub answers /health/live");

        public string Tail() => string.Join('\n', (_process?.Stdout ?? "").Split('\n').TakeLast(30));

        public void Dispose()
        {
            _process?.Dispose();
            Http.Dispose();
        }
    }
}
