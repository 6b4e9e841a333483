namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// How deep the current run is nested in RunWorkflow calls. An async-local value: it flows into the child's run and is
/// restored when the child returns, so no engine state is needed for it.
/// </summary>
internal static class ChildWorkflowDepth
{
    private static readonly AsyncLocal<int> Current = new();

    public static int Value => Current.Value;

    public static async ValueTask<T> EnterAsync<T>(Func<ValueTask<T>> run)
    {
        Current.Value++;
        try
        {
            return await run().ConfigureAwait(false);
        }
        finally
        {
            Current.Value--;
        }
    }
}
