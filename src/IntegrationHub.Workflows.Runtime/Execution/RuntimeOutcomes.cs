namespace IntegrationHub.Workflows.Runtime.Execution;

/// <summary>How a retry request ended.</summary>
public enum RetryStatus { Retried, NotFound, NotFaulted, VersionGone, Busy }

/// <summary>A retry's status and, when it ran, the result.</summary>
public sealed record RetryOutcome(RetryStatus Status, WorkflowRunResult? Result);

/// <summary>How a resume (event, timer, recovery) ended.</summary>
public enum ResumeStatus { Resumed, Busy, NotWaiting, VersionGone }

/// <summary>A resume's status and, when it ran, the result.</summary>
public sealed record ResumeOutcome(ResumeStatus Status, WorkflowRunResult? Result);

/// <summary>How a cancel request ended.</summary>
public enum CancelStatus { Cancelled, CancelRequested, NotFound, Finished, Busy }

/// <summary>The result of an owned execution, and whether it was saved (false: the lease was lost, another node owns the instance).</summary>
internal readonly record struct ExecutedRun(WorkflowRunResult Result, bool Committed);
