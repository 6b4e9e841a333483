using System.Text.Json;
using IntegrationHub.Sandbox.Erp;
using Microsoft.Extensions.Options;

namespace IntegrationHub.DevEnvironment;

/// <summary>
/// The demo's live summary line: what the demo ERP pushed, what the hub says it accepted, published and delivered
/// (its flow counters), and what the sandbox CRM now holds.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SummaryIntervalSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SummaryIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var flow = await hub.FlowAsync(stoppingToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(Line(flow)).ConfigureAwait(false);
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

    private static long N(JsonElement flow, string name) => flow.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
}
