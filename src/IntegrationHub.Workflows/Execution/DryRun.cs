namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Whether the current run is a dry run: activities with side effects (<c>[Activity(SideEffects = true)]</c>) are
/// skipped and journaled with their evaluated inputs. Async-local, so it reaches child workflows run by RunWorkflow.
/// </summary>
internal static class DryRun
{
    private static readonly AsyncLocal<bool> Current = new();

    public static bool Active => Current.Value;

    public static async ValueTask<T> RunAsync<T>(Func<ValueTask<T>> run)
    {
        Current.Value = true;
        try
        {
            return await run().ConfigureAwait(false);
        }
        finally
        {
            Current.Value = false;
        }
    }
}
