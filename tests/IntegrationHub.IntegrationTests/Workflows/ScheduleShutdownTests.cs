using System.Diagnostics;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// A hub stopping while a scheduled sync is under way (here: the CRM answering each call after a minute, as a
/// rate-limited vendor can) interrupts the run instead of waiting for it: the stop takes seconds, and the run's cursor
/// stays where its last finished page left it.
/// </summary>
public sealed class ScheduleShutdownTests
{
    [Fact]
    public async Task StoppingDuringASlowScheduledRead_InterruptsTheRun_InsteadOfWaitingForIt()
    {
        var hub = await HubTestHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Fxiaoke:Faults:Latency"] = "00:01:00" }, new Dictionary<string, string>
        {
            ["slow-sync.yaml"] = HubTestHost.CrmReaderFlow("slow-sync", "{ type: Schedule, interval: PT2S }"),
        });
        var crm = hub.Sandboxes.Systems.Single(s => s.System == "fxiaoke").Faults;
        try
        {
            await Eventually.Await(() => crm.Counts.Requests, n => n >= 1, because: $"the schedule's first run is waiting for the CRM ({crm.Profile.Latency})");
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        var stopping = Stopwatch.StartNew();
        await hub.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {stopping.Elapsed.TotalSeconds:0.0} s");
    }
}
