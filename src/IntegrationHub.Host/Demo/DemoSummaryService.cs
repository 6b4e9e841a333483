using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Sandbox.Erp;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Demo;

/// <summary>Demo mode's live console summary: what the ERP pushed, what the hub accepted, published and delivered to the CRM.</summary>
internal sealed class DemoSummaryService(
    FlowCounters counters,
    SandboxSystems sandbox,
    ErpOrderGenerator generator,
    IOptions<HubOptions> options,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.DemoSummaryIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await Console.Out.WriteLineAsync(Line()).ConfigureAwait(false);
        }
    }

    internal string Line()
    {
        var s = counters.Snapshot();
        var erp = generator.Stats;
        var crmOrders = sandbox.Fxiaoke?.Records.Count(FxiaokeFields.SalesOrderObject) ?? 0;
        var crmAccounts = sandbox.Fxiaoke?.Records.Count(FxiaokeFields.AccountObject) ?? 0;
        return $"[demo {time.GetLocalNow():HH:mm:ss}] ERP pushed {erp.Sent} | accepted {s.Accepted} (+{s.Replayed} replays) | " +
               $"published {s.Published} | delivered {s.Delivered} | failed attempts {s.Failed} | dead-lettered {s.DeadLettered} | " +
               $"CRM now holds {crmOrders} orders of {crmAccounts} accounts";
    }
}
