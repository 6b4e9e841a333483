namespace IntegrationHub.Sandbox.Faults;

/// <summary>How many requests met each fault since the sandbox started (or the counts were last read by a test).</summary>
public sealed record FaultCounts(long Requests, long Delayed, long Errors, long Resets, long OutageRejections, long TokenExpiries);
