using IntegrationHub.Connectors.Hosting.Status;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.WebConsole.Data;

/// <summary>
/// The connectors' health for the overview, checked at most every <see cref="ConsoleOptions.HealthInterval"/> however many
/// overviews are open (a check calls every vendor): <see cref="Refresh"/> starts one check in the background when the
/// last is older than that and returns at once; <see cref="Last"/> is what the latest finished check found.
/// </summary>
internal sealed partial class ConnectorHealthMonitor(ConnectorStatusService status, IOptions<ConsoleOptions> options, TimeProvider time,
    ILogger<ConnectorHealthMonitor> logger)
{
    private volatile ConnectorHealthReading? _last;
    private int _checking;

    public ConnectorHealthReading? Last => _last;

    public void Refresh()
    {
        if ((_last is null || time.GetUtcNow() - _last.At >= options.Value.HealthInterval) && Interlocked.CompareExchange(ref _checking, 1, 0) == 0)
        {
            _ = CheckAsync();
        }
    }

    private async Task CheckAsync()
    {
        try
        {
            _last = new ConnectorHealthReading(time.GetUtcNow(), await status.GetAllAsync(CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            LogCheckFailed(logger, ex.GetType().Name);
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The console's connector health check failed ({Error}); the overview keeps the last reading")]
    private static partial void LogCheckFailed(ILogger logger, string error);
}

/// <summary>Every connector's status as one check found it at <see cref="At"/>.</summary>
internal sealed record ConnectorHealthReading(DateTimeOffset At, IReadOnlyList<ConnectorStatus> Connectors);
