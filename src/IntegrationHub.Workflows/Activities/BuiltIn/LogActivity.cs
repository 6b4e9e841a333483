using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Activities.BuiltIn;

[Activity("Log", "Writes a message to the hub's log with the workflow and activity ids.")]
[ActivityInput("message", typeof(string), "The message; may embed ${ ... } expressions.", Required = true)]
[ActivityInput("level", typeof(LogLevel), "Log level. The default is Information.", Allowed = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"])]
internal sealed partial class LogActivity : IActivity
{
    public ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var level = context.HasInput("level") ? context.Input<LogLevel>("level") : LogLevel.Information;
        WorkflowLog(context.Logger, level, context.DefinitionId, context.ActivityId, context.Input<string>("message") ?? "");
        return ValueTask.FromResult(ActivityOutcomes.Done);
    }

    [LoggerMessage(Message = "[{DefinitionId}/{ActivityId}] {Text}")]
    private static partial void WorkflowLog(ILogger logger, LogLevel level, string definitionId, string activityId, string text);
}
