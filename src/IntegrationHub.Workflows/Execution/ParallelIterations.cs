using System.Collections;
using IntegrationHub.Workflows.Expressions;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Runs a loop body once per item with at most <c>maxParallelism</c> iterations at a time. Each iteration is a branch
/// of the instance whose loop variable is its own (a scope overlay); every other variable is shared, a write is atomic
/// and the last write wins. The first failing iteration cancels the others (running ones see cancellation, pending ones
/// never start) and faults the loop with that iteration's incident, its message prefixed with the index. An End inside
/// an iteration lets running iterations finish, starts no new ones and then finishes the instance. The journal gets
/// each iteration's entries in iteration order. Suspending (bookmarks) inside a parallel iteration is not supported.
/// </summary>
internal static class ParallelIterations
{
    public static async ValueTask RunAsync(WorkflowExecution execution, CompiledNode node, IEnumerable items, int slot, Type slotType, int maxParallelism)
    {
        if (maxParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism, $"'{node.Id}': maxParallelism must be at least 1.");
        }

        if (node.Body is not { } body)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(execution.CancellationToken);
        var branches = new SortedDictionary<int, WorkflowExecution>();
        var gate = new Lock();
        (int Index, ActivityFaultException Fault)? failure = null;
        var finished = false;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(items.Cast<object?>().Select((item, index) => (Item: item, Index: index)), options, async (entry, token) =>
            {
                if (Volatile.Read(ref finished))
                {
                    return;
                }

                var branch = execution.Branch(execution.Scope.Branch(slot, ValueConverter.Convert(entry.Item, slotType)), token);
                lock (gate)
                {
                    branches[entry.Index] = branch;
                }

                try
                {
                    await branch.RunGraphAsync(body, null).ConfigureAwait(false);
                    if (branch.Suspending)
                    {
                        throw new InvalidOperationException("an activity inside a parallel ForEach iteration tried to wait (Delay, WaitForEvent); waiting is only supported in sequential loops (maxParallelism 1)");
                    }
                    if (branch.Finished)
                    {
                        Volatile.Write(ref finished, true);
                    }
                }
                catch (ActivityFaultException fault)
                {
                    lock (gate)
                    {
                        failure ??= (entry.Index, fault);
                    }

                    await stop.CancelAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !execution.CancellationToken.IsCancellationRequested)
                {
                    // A sibling failed: this iteration stops quietly; the loop reports the sibling's incident.
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (failure is not null && !execution.CancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var branch in branches.Values)
            {
                execution.MergeJournal(branch);
            }
        }

        if (failure is { } failed)
        {
            var incident = failed.Fault.Incident;
            throw new ActivityFaultException(incident with { Message = $"{node.Id} iteration {failed.Index}: {incident.Message}" }, failed.Fault.InnerException ?? failed.Fault);
        }

        if (finished)
        {
            execution.Finished = true;
        }
    }
}
