using System.Diagnostics;
using IntegrationHub.Sandbox.Xero;

namespace IntegrationHub.IntegrationTests.Finance;

/// <summary>
/// A long receivables sync (two years of history: 1,200 invoices in 12 pages and their payments) while Xero answers 429
/// with <c>Retry-After: 2</c> (four times; with this seed all on the first page: more than the default three retries, so
/// the retry budget is raised): every invoice arrives, the run does not fault, and the hub waited as told (the page reads
/// are one at a time, so four throttled answers cost at least eight seconds). With the default budget such a run faults
/// and the next run resumes after the last page it handled (the cursor only moves past handled pages).
/// </summary>
public sealed class ReceivablesThrottledSyncTests
{
    [Fact]
    public async Task XeroThrottlesDuringALongSync_RetryAfterIsHonoured_AndNothingIsMissing()
    {
        await using var hub = await ReceivablesFlowTests.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Xero:SeedContacts"] = "100",
            ["Sandbox:Xero:SeedInvoices"] = "1200",
            ["Sandbox:Xero:HistoryMonths"] = "24",
            ["Sandbox:Xero:Faults:ErrorRate"] = "0.35",
            ["Sandbox:Xero:Faults:ErrorStatus"] = "429",
            ["Sandbox:Xero:Faults:ErrorRetryAfter"] = "00:00:02",
            ["Sandbox:Xero:Faults:MaxFaults"] = "4",
            ["Sandbox:Xero:Faults:Paths:0"] = "/api.xro/2.0/Invoices",
            ["Sandbox:Xero:Faults:Seed"] = "11",
            ["Connectors:Xero:Retry:MaxRetries"] = "5", // four throttled answers in a row must not end the read
        });
        var xero = hub.Sandbox<XeroSandbox>("xero");
        var expected = xero.Invoices.All("ACCREC").Count;

        var clock = Stopwatch.StartNew();
        var run = await hub.RunWorkflowAsync("finance-receivables", new { });
        clock.Stop();
        var faults = hub.Sandboxes.Systems.Single(s => s.System == "xero").Faults.Counts;

        Assert.True(run.GetProperty("subStatus").GetString() == "Finished", run.ToString());
        Assert.Equal(1200, expected);
        Assert.Equal(expected, await hub.CountRowsAsync("receivables"));
        Assert.Equal(xero.Payments.Count, await hub.CountRowsAsync("payments"));
        Assert.Equal(4, faults.Errors); // four 429s were answered
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(7.5), $"the run took {clock.Elapsed}: it did not wait the 2 s Retry-After four times");
    }
}
