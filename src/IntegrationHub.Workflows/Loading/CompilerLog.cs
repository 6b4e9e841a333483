using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Loading;

internal static partial class CompilerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Location}: workflow '{WorkflowId}' is not loaded (yet); it must be by the time this activity runs")]
    public static partial void UnknownWorkflow(ILogger logger, string location, string workflowId);
}
