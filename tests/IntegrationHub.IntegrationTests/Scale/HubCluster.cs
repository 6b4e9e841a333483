using System.Globalization;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// Every scheduled run of <paramref name="definitionId"/> ran once per slot: no slot twice, and no slot missing between
    /// the first and the last on the schedule's <paramref name="every"/> grid. Returns how many slots ran and the latest
    /// start after its slot (a fire held by a killed node waits for the cluster to notice the death).
    /// </summary>
    public static async Task<(int Slots, TimeSpan Latest)> AssertEverySlotRanOnceAsync(string connectionString, string definitionId, TimeSpan every)
    {
        var prefix = $"schedule:{definitionId}:";
        var runs = (await QueryAsync(connectionString, $"SELECT correlation_id || '|' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM workflow_instances WHERE definition_id = '{definitionId}' AND correlation_id LIKE 'schedule:%'"))
            .Select(r => r.Split('|'))
            .Select(r => (Slot: DateTimeOffset.Parse(r[0][prefix.Length..], CultureInfo.InvariantCulture), Started: DateTimeOffset.Parse(r[1], CultureInfo.InvariantCulture)))
            .OrderBy(r => r.Slot).ToList();
        var slots = runs.Select(r => r.Slot).ToList();
        Assert.True(slots.Count >= 5, $"only {slots.Count} scheduled runs of {definitionId}");
        Assert.Equal(slots.Count, slots.Distinct().Count()); // no slot ran on two nodes, or twice
        var missing = Enumerable.Range(0, (int)((slots[^1] - slots[0]) / every) + 1).Select(i => slots[0] + (i * every)).Except(slots).ToList();
        var gaps = runs.Zip(runs.Skip(1)).Where(p => p.Second.Slot - p.First.Slot > every)
            .Select(p => $"{(p.Second.Slot - p.First.Slot - every) / every:0} slots after {p.First.Slot:HH:mm:ss.fff} (started {p.First.Started:HH:mm:ss.fff}), next {p.Second.Slot:HH:mm:ss.fff} (started {p.Second.Started:HH:mm:ss.fff})");
        Assert.True(missing.Count == 0, $"{missing.Count} slots of {definitionId} never ran: {string.Join("; ", gaps)}");
        return (slots.Count, runs.Max(r => r.Started - r.Slot));
    }

    /// <summary>
    /// No workflow instance ran steps on two nodes at the same time: in every saved journal, the activities one node ran
    /// (start to end) do not overlap those another node ran. Returns how many instances ran on more than one node.
    /// </summary>
    public static async Task<int> AssertNoStepRanOnTwoNodesAtOnceAsync(string connectionString)
    {
        var handedOver = 0;
        foreach (var journal in await QueryAsync(connectionString, "SELECT journal::text FROM workflow_instances"))
        {
            var steps = JsonNode.Parse(journal)!.AsArray().Select(e => (
                Node: (string?)e!["node"],
                Start: DateTimeOffset.Parse((string)e["startedAt"]!, CultureInfo.InvariantCulture),
                End: DateTimeOffset.Parse((string)e["startedAt"]!, CultureInfo.InvariantCulture) + TimeSpan.Parse((string)e["duration"]!, CultureInfo.InvariantCulture))).ToList();
            Assert.All(steps, s => Assert.NotNull(s.Node));
            var byNode = steps.GroupBy(s => s.Node).Select(g => (Node: g.Key, Start: g.Min(s => s.Start), End: g.Max(s => s.End))).OrderBy(g => g.Start).ToList();
            for (var i = 1; i < byNode.Count; i++)
            {
                Assert.True(byNode[i - 1].End <= byNode[i].Start, $"{byNode[i - 1].Node} and {byNode[i].Node} ran steps of one instance at once: {journal}");
            }

            handedOver += byNode.Count > 1 ? 1 : 0;
        }

        return handedOver;
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, as text.</summary>
    public static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
