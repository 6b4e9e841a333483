namespace IntegrationHub.Connectors.Http.Options;

/// <summary>
/// Client-side limits from the vendor's published limits (<c>Connectors:&lt;name&gt;:Limits</c>), shared by every call of
/// the connector in this process; see <see cref="PublishedLimits"/>. Each attempt (retries too) takes one permit.
/// </summary>
public sealed class ConnectorLimitOptions
{
    /// <summary>Requests in flight at once. The default is 10.</summary>
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>Requests started per <see cref="Window"/> (sliding); 0 means no rate limit. The default is 0.</summary>
    public int PermitLimit { get; set; }

    /// <summary>
    /// One rate window per request path (the vendor limits each interface separately) instead of one for the whole
    /// connector; concurrency then counts per path too (a call queued for one interface's window does not hold the
    /// others'). The default is <see langword="false"/>.
    /// </summary>
    public bool PerPath { get; set; }

    /// <summary>The rate limit's window. The default is 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Segments the sliding window is split into (permits come back one segment at a time). The default is 6.</summary>
    public int SegmentsPerWindow { get; set; } = 6;

    /// <summary>
    /// Requests started per rolling 24 hours (a second sliding window of 24 one-hour segments, per connector), for vendors
    /// with a daily cap such as Xero's 5,000; 0 means none. The default is 0.
    /// </summary>
    public int DailyPermitLimit { get; set; }

    /// <summary>Calls that may wait for a permit; more are rejected at once as transient failures. The default is 1000.</summary>
    public int QueueLimit { get; set; } = 1000;
}
