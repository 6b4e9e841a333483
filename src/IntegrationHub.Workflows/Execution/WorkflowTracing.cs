using System.Diagnostics;

namespace IntegrationHub.Workflows.Execution;

/// <summary>A span per activity executed (name: the activity type), when something listens (OpenTelemetry tracing on).</summary>
public static class WorkflowTracing
{
    public const string SourceName = "IntegrationHub.Workflows";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(ExecutableWorkflow workflow, string activityId, string activityType)
    {
        var span = Source.StartActivity(activityType, ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag("workflow.definition.id", workflow.DefinitionId);
            span.SetTag("workflow.definition.version", workflow.Version);
            span.SetTag("workflow.activity.id", activityId);
        }

        return span;
    }
}
