namespace IntegrationHub.Workflows.Catalog;

internal static class SemaphoreSlimExtensions
{
    /// <summary>Waits for the semaphore or until <paramref name="timeout"/> passes on <paramref name="time"/>'s clock.</summary>
    /// <returns>True when the semaphore was taken, false on timeout.</returns>
    public static async Task<bool> WaitAsync(this SemaphoreSlim semaphore, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            await semaphore.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
