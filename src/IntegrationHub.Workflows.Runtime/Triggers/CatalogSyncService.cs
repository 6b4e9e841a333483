namespace IntegrationHub.Workflows.Runtime.Triggers;

/// <summary>
/// A background service that keeps something in step with the workflow catalog: it syncs once at start and again
/// after every change (changes arriving during a sync coalesce into one more sync).
/// </summary>
internal abstract class CatalogSyncService(WorkflowCatalog catalog) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    protected WorkflowCatalog Catalog => catalog;

    /// <summary>Brings the service in step with <see cref="Catalog"/>'s current definitions.</summary>
    protected abstract Task SyncAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        catalog.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
                await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            catalog.Changed -= OnChanged;
        }
    }

    private void OnChanged(object? sender, EventArgs e)
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A sync is already pending.
        }
    }
}
