using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Activities;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using IntegrationHub.Workflows.Runtime.Execution;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// Backfills: re-reads an incremental flow from a given time or from the beginning. A request is checked at once (the flow
/// is loaded, has saved read cursors, and each connector can start from a time when one is given) and then carried out in
/// the background, one at a time: each cursor of the flow is moved back while no run of that cursor is reading (the
/// cursor's turn, <see cref="CursorLocks"/>), and a run of the flow starts (input <c>{backfill: {from}}</c>). Nothing is
/// duplicated: the flows' effects are keyed by identity and content hash, so records re-read unchanged reach no target.
/// Progress (state, instance, records read since the start) is kept per flow for <c>GET /api/v1/flows</c>.
/// </summary>
internal sealed partial class FlowBackfills(
    WorkflowCatalog catalog, ConnectorRegistry connectors, IConnectorCursorStore cursors, CursorLocks locks, IWorkflowStarter starter,
    FlowStatistics statistics, TimeProvider time, ILogger<FlowBackfills> logger) : BackgroundService
{
    private readonly Channel<Backfill> _queue = Channel.CreateUnbounded<Backfill>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Backfill> _latest = new(StringComparer.Ordinal);

    /// <summary>The latest backfill of a flow, or null.</summary>
    public Backfill? Of(string flow) => _latest.GetValueOrDefault(flow);

    /// <summary>Checks and queues a backfill; the error says why it cannot be done (unknown flow: <see cref="KeyNotFoundException"/>).</summary>
    public async Task<(Backfill? Backfill, string? Error)> RequestAsync(string flow, DateTimeOffset? from, CancellationToken cancellationToken)
    {
        if (catalog.Find(flow) is null)
        {
            throw new KeyNotFoundException(flow);
        }

        if (_latest.TryGetValue(flow, out var running) && running.State is BackfillState.Queued or BackfillState.Running)
        {
            return (null, $"a backfill of '{flow}' is {running.State.ToString().ToLowerInvariant()} (requested {running.RequestedAt:O})");
        }

        var saved = await cursors.ListAsync(flow + "/", cancellationToken).ConfigureAwait(false);
        if (saved.Count == 0)
        {
            return (null, $"'{flow}' has no saved read cursor (it has not read anything yet, or has no Connector.ReadChanges): its next run reads from the beginning anyway");
        }

        var moves = new List<(string Key, string Cursor)>();
        foreach (var (key, _, _) in saved)
        {
            var parts = key.Split('/');
            if (parts.Length < 4)
            {
                return (null, $"cursor '{key}' is not one Connector.ReadChanges saved");
            }

            var reader = connectors.GetReader(parts[1], new CanonicalEntity(parts[2]));
            if (from is { } at)
            {
                if (reader.CursorAt(at) is not { } cursor)
                {
                    return (null, $"connector '{parts[1]}' cannot start reading {parts[2]} from a time; backfill from the beginning instead (no 'from')");
                }

                moves.Add((key, cursor));
            }
            else
            {
                moves.Add((key, ""));
            }
        }

        var backfill = new Backfill(flow, from, time.GetUtcNow(), moves.Select(m => m.Key).ToArray(), statistics.Of(flow).GetValueOrDefault("read"));
        _latest[flow] = backfill;
        await _queue.Writer.WriteAsync(backfill with { Moves = moves }, cancellationToken).ConfigureAwait(false);
        return (backfill, null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var flow = request.Flow;
            Update(flow, b => b with { State = BackfillState.Running, StartedAt = time.GetUtcNow() });
            try
            {
                foreach (var (key, cursor) in request.Moves)
                {
                    using var turn = await locks.AcquireAsync(key, stoppingToken).ConfigureAwait(false);
                    await cursors.SaveAsync(key, cursor, stoppingToken).ConfigureAwait(false);
                }

                LogStarted(logger, flow, request.From?.ToString("O") ?? "the beginning", request.Cursors.Count);
                var entry = catalog.Find(flow) ?? throw new InvalidOperationException($"workflow '{flow}' is no longer loaded");
                var input = new JsonObject { ["backfill"] = new JsonObject { ["from"] = request.From?.UtcDateTime.ToString("O") } };
                var (instanceId, result) = await starter.RunAsync(entry, input, $"backfill:{flow}:{request.RequestedAt.UtcDateTime:O}", stoppingToken).ConfigureAwait(false);
                Update(flow, b => b with
                {
                    InstanceId = instanceId,
                    State = result.SubStatus == WorkflowSubStatus.Faulted ? BackfillState.Faulted : BackfillState.Finished,
                    FinishedAt = time.GetUtcNow(),
                    Error = result.Incident?.Message,
                });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                Update(flow, b => b with { State = BackfillState.Faulted, Error = "the hub stopped during the backfill; request it again" });
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, flow, ex);
                Update(flow, b => b with { State = BackfillState.Faulted, FinishedAt = time.GetUtcNow(), Error = ex.Message });
            }
        }
    }

    private void Update(string flow, Func<Backfill, Backfill> change) => _latest.AddOrUpdate(flow, _ => throw new InvalidOperationException(flow), (_, b) => change(b));

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill of {Flow} from {From}: {Cursors} cursor(s) moved back, run started")]
    private static partial void LogStarted(ILogger logger, string flow, string from, int cursors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill of {Flow} failed")]
    private static partial void LogFailed(ILogger logger, string flow, Exception exception);
}

internal enum BackfillState
{
    Queued,
    Running,
    Finished,
    Faulted,
}

/// <summary>One backfill request and its progress (<see cref="ReadAtRequest"/>: the flow's read counter when requested).</summary>
internal sealed record Backfill(string Flow, DateTimeOffset? From, DateTimeOffset RequestedAt, IReadOnlyList<string> Cursors, long ReadAtRequest)
{
    public BackfillState State { get; init; } = BackfillState.Queued;

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public Guid? InstanceId { get; init; }

    public string? Error { get; init; }

    internal IReadOnlyList<(string Key, string Cursor)> Moves { get; init; } = [];
}
