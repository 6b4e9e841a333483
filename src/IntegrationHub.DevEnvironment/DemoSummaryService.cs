using System.Text.Json;
using IntegrationHub.Sandbox.Erp;
using Microsoft.Extensions.Options;

namespace IntegrationHub.DevEnvironment;

/// <summary>
/// The demo's live summary line: what the demo ERP pushed, what the hub says it accepted, published and delivered
/// (its flow counters), and what the sandbox CRM now holds; every fifth line also the record flows' counters.
/// </summary>
internal sealed class DemoSummaryService(
    DevEnvironmentService environment,
    ErpOrderGenerator generator,
    HubWatcher hub,
    IOptions<DevEnvironmentOptions> options,
    TimeProvider time) : BackgroundService
{
    private const string SalesOrderObject = "SalesOrderObj";
    private const string AccountObject = "AccountObj";
    private const int FlowsEvery = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SummaryIntervalSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SummaryIntervalSeconds), time);
        var tick = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var flow = await hub.FlowAsync(stoppingToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(Line(flow)).ConfigureAwait(false);
            if (++tick % FlowsEvery == 0 && await hub.FlowsAsync(stoppingToken).ConfigureAwait(false) is { } flows)
            {
                await Console.Out.WriteLineAsync(FlowsLine(flows)).ConfigureAwait(false);
                var segments = await hub.SegmentsAsync(stoppingToken).ConfigureAwait(false);
                var aging = await hub.AgingTotalsAsync(stoppingToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(ValueLine(segments, aging)).ConfigureAwait(false);
            }
        }
    }

    internal string Line(JsonElement? flow)
    {
        var erp = generator.Stats;
        var crm = environment.Sandboxes?.Fxiaoke?.Records;
        var crmOrders = crm?.Count(SalesOrderObject) ?? 0;
        var crmAccounts = crm?.Count(AccountObject) ?? 0;
        var hubPart = flow is { } f
            ? $"accepted {N(f, "accepted")} (+{N(f, "replayed")} replays) | published {N(f, "published")} | delivered {N(f, "delivered")} | " +
              $"failed attempts {N(f, "failed")} | dead-lettered {N(f, "deadLettered")}"
            : "hub not answering";
        return $"[demo {time.GetLocalNow():HH:mm:ss}] ERP pushed {erp.Sent} | {hubPart} | CRM now holds {crmOrders} orders of {crmAccounts} accounts";
    }

    /// <summary>
    /// Every fifth summary, one line for the workflows that read and write records (the connected-CRM flows): each one's
    /// non-zero record counters since the hub started, its parked records and dead letters.
    /// </summary>
    internal string FlowsLine(JsonElement flows)
    {
        var parts = new List<string>();
        foreach (var f in flows.EnumerateArray())
        {
            var counters = f.GetProperty("records").EnumerateObject().Where(c => c.Value.TryGetInt64(out var v) && v > 0).Select(c => $"{c.Name} {c.Value.GetInt64()}").ToList();
            var parked = f.TryGetProperty("parked", out var p) && p.ValueKind == JsonValueKind.Object ? p.EnumerateObject().Sum(e => e.Value.GetInt64()) : 0;
            if (parked > 0)
            {
                counters.Add($"parked {parked}");
            }

            if (N(f, "deadLettered") is > 0 and var dead)
            {
                counters.Add($"dead-lettered {dead}");
            }

            if (counters.Count > 0)
            {
                parts.Add($"{f.GetProperty("flow").GetString()}: {string.Join(", ", counters)}");
            }
        }

        return $"[flows {time.GetLocalNow():HH:mm:ss}] {(parts.Count == 0 ? "no records moved yet" : string.Join(" | ", parts))}";
    }

    /// <summary>
    /// Every fifth summary, the finance and value picture: receivables due and overdue per currency (the aging totals) and
    /// scored customers per value tier and lifecycle stage.
    /// </summary>
    internal string ValueLine(JsonElement? segments, JsonElement? agingTotals)
    {
        var receivables = agingTotals is { ValueKind: JsonValueKind.Array } totals && totals.GetArrayLength() > 0
            ? string.Join(", ", totals.EnumerateArray().Select(t => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{t.GetProperty("currency").GetString()} {t.GetProperty("total").GetDecimal():N0} due, {t.GetProperty("overdue").GetDecimal():N0} overdue")))
            : "none yet";
        var value = segments is { ValueKind: JsonValueKind.Object } s && s.GetProperty("scored").GetInt32() > 0
            ? $"{s.GetProperty("scored").GetInt32()} customers scored: {Counts(s.GetProperty("tiers"))} | {Counts(s.GetProperty("stages"))}"
            : "no customer scored yet";
        return $"[value {time.GetLocalNow():HH:mm:ss}] receivables {receivables} | {value}";
    }

    private static string Counts(JsonElement counts) => string.Join(", ", counts.EnumerateObject().Select(c => $"{c.Name} {c.Value.GetInt32()}"));

    private static long N(JsonElement flow, string name) => flow.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
}
