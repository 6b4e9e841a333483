namespace IntegrationHub.Sandbox.Faults;

/// <summary>What the middleware does to one request.</summary>
/// <param name="Delay">Wait this long first.</param>
/// <param name="OutageRetryAfter">Set during an outage: answer 503 with this Retry-After.</param>
/// <param name="Reset">Abort the connection.</param>
/// <param name="ErrorStatus">Answer with this status.</param>
/// <param name="ExpireTokens">Expire every issued token before handling the request.</param>
internal readonly record struct FaultDecision(TimeSpan Delay, TimeSpan? OutageRetryAfter, bool Reset, int? ErrorStatus, bool ExpireTokens);
