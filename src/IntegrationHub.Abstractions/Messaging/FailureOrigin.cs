namespace IntegrationHub.Messaging;

/// <summary>
/// The workflow instance a handler's failure happened in, carried on the exception (<see cref="Exception.Data"/>) to the
/// transport, which records it with the dead letter so a person can go from the dead letter to the instance's journal.
/// </summary>
public static class FailureOrigin
{
    private const string WorkflowKey = "hub.workflow";
    private const string InstanceKey = "hub.instance";

    /// <summary>Names the workflow and instance on <paramref name="exception"/>; returns it, to throw.</summary>
    public static TException WithInstance<TException>(this TException exception, string workflow, Guid instanceId)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(exception);
        exception.Data[WorkflowKey] = workflow;
        exception.Data[InstanceKey] = instanceId;
        return exception;
    }

    /// <summary>The workflow and instance named on <paramref name="exception"/> (or its inner exceptions), else nulls.</summary>
    public static (string? Workflow, Guid? InstanceId) Read(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e.Data[WorkflowKey] is string workflow)
            {
                return (workflow, e.Data[InstanceKey] as Guid?);
            }
        }

        return (null, null);
    }
}
