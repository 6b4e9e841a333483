using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>What the multi-node tests share: the nodes' environment and the exactly-once check of the CRM's orders.</summary>
internal static class HubCluster
{
    /// <summary>The environment of every node: one PostgreSQL store, the shared Kafka cluster, the sandboxes, short leases and sessions.</summary>
    public static Dictionary<string, string> Environment(string apiKey, string ordersTopic, string connectionString, SandboxSystems sandboxes)
    {
        var env = new Dictionary<string, string>
        {
            ["HUB_API_KEY"] = apiKey,
            ["Hub__OrdersTopic"] = ordersTopic,
            ["Kafka__BootstrapServers"] = SharedKafka.BootstrapServers,
            ["Kafka__SessionTimeout"] = "00:00:06",
            ["Kafka__FetchWaitMax"] = "00:00:00.010",
            ["Store__Provider"] = "postgresql",
            ["Store__ConnectionString"] = connectionString,
            ["Workflows__LeaseDuration"] = "00:00:05",
        };
        foreach (var (key, value) in sandboxes.ConnectorSettings())
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        return env;
    }

    /// <summary>The ERP order numbers of the CRM's sales orders, duplicates included.</summary>
    public static List<string> CrmOrders(SandboxSystems sandboxes) =>
        [.. sandboxes.Fxiaoke!.Records.All(FxiaokeFields.SalesOrderObject).Select(o => o[FxiaokeFields.ErpOrderNo]!.GetValue<string>())];

    /// <summary>Waits until every order of <paramref name="expected"/> is in the CRM, then asserts each is there exactly once and nothing else is.</summary>
    public static async Task AssertInCrmExactlyOnceAsync(SandboxSystems sandboxes, IReadOnlySet<string> expected, TimeSpan wait, IEnumerable<HubNode> nodes, string after)
    {
        List<string> crmOrders;
        try
        {
            crmOrders = await Eventually.Await(() => CrmOrders(sandboxes), orders => expected.IsSubsetOf(orders), wait, "every accepted order reaches the CRM");
        }
        catch (TimeoutException)
        {
            var missing = expected.Except(CrmOrders(sandboxes), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            Assert.Fail($"{missing.Count} of {expected.Count} accepted orders not in the CRM {after}: {string.Join(", ", missing.Take(20))}\n" +
                string.Join("\n---\n", nodes.Select(n => n.Tail(60))));
            throw;
        }

        Assert.Equal(crmOrders.Count, crmOrders.Distinct(StringComparer.Ordinal).Count()); // exactly once: no duplicates
        Assert.Equal(expected.Order(StringComparer.Ordinal), crmOrders.Order(StringComparer.Ordinal));
    }
}
