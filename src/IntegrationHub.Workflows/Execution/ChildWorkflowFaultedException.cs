namespace IntegrationHub.Workflows.Execution;

/// <summary>A RunWorkflow child ended Faulted (or Cancelled on its own); the message carries the child's incident.</summary>
internal sealed class ChildWorkflowFaultedException(string message) : Exception(message);
