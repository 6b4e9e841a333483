using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Execution;

/// <summary>Dry runs: an activity with side effects is not executed but journaled as skipped with its evaluated inputs.</summary>
internal sealed partial class WorkflowExecution
{
    public const string SkippedNote = "skipped (dry run)";

    /// <summary>
    /// Evaluates the inputs (so expression errors still surface), journals them (sensitive names masked) and completes with
    /// the activity's first declared outcome (Done, Success...); output variables are left as they were.
    /// </summary>
    private string SkipForDryRun(CompiledNode node)
    {
        var started = Time.GetUtcNow();
        var inputs = new JsonObject();
        try
        {
            foreach (var (name, input) in node.Inputs)
            {
                var value = input.Evaluate(Scope);
                inputs[name] = SensitiveValues.IsSensitive(name) ? SensitiveValues.Mask
                    : SensitiveValues.Masked(value as JsonNode ?? JsonSerializer.SerializeToNode(value));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _journal.Add(new JournalEntry(node.Id, node.Descriptor.Type, started, TimeSpan.Zero, null, ex.Message) { Note = SkippedNote, Inputs = inputs });
            throw new ActivityFaultException(new WorkflowIncident(node.Id, node.Descriptor.Type, ex.GetType().Name, ex.Message, started) { Path = [.. _path, node.Id] }, ex);
        }

        var outcome = node.Descriptor.Outcomes.Count > 0 ? node.Descriptor.Outcomes[0] : Activities.ActivityOutcomes.Done;
        _journal.Add(new JournalEntry(node.Id, node.Descriptor.Type, started, TimeSpan.Zero, outcome, null) { Note = SkippedNote, Inputs = inputs });
        return outcome;
    }
}
