using IntegrationHub.Workflows.Expressions;

namespace IntegrationHub.Workflows.Execution;

/// <summary>
/// Branches of one instance for parallel ForEach iterations: each has its own scope overlay, path, journal and
/// cancellation, and shares the workflow, services and variable slots with the instance.
/// </summary>
internal sealed partial class WorkflowExecution
{
    private WorkflowExecution(WorkflowExecution parent, WorkflowScope scope, CancellationToken cancellationToken)
    {
        _workflow = parent._workflow;
        _settings = parent._settings;
        _detail = parent._detail;
        _journal = _detail == JournalDetail.None ? [] : new List<JournalEntry>(8);
        _path.AddRange(parent._path);
        Scope = scope;
        CancellationToken = cancellationToken;
    }

    /// <summary>A branch that runs on <paramref name="scope"/> and stops with <paramref name="cancellationToken"/>.</summary>
    public WorkflowExecution Branch(WorkflowScope scope, CancellationToken cancellationToken) => new(this, scope, cancellationToken);

    /// <summary>Appends a finished branch's journal to this one (called once per branch, in iteration order).</summary>
    public void MergeJournal(WorkflowExecution branch) => _journal.AddRange(branch._journal);
}
