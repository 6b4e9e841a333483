using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Host.Security;

/// <summary>Rate limits, timeouts and connection limits on the HTTP API. Bound from <c>Hub:Limits</c>.</summary>
public sealed class AbuseLimitOptions
{
    public const string Section = "Hub:Limits";

    /// <summary>Requests per second one API client may make (token bucket; bursts up to one second's worth). The default is 2,000.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Hub:Limits:ClientRequestsPerSecond must be between 1 and 1000000.")]
    public int ClientRequestsPerSecond { get; set; } = 2_000;

    /// <summary>Requests per second from one source address, authenticated or not (health checks excepted). The default is 5,000.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Hub:Limits:AddressRequestsPerSecond must be between 1 and 1000000.")]
    public int AddressRequestsPerSecond { get; set; } = 5_000;

    /// <summary>
    /// Refused authentications (401) one source address may cause per minute; past it, every request from that address is
    /// answered 429 until the minute is over. The default is 20.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Hub:Limits:FailedAuthenticationsPerMinute must be between 1 and 100000.")]
    public int FailedAuthenticationsPerMinute { get; set; } = 20;

    /// <summary>Longest time a request may take before it is answered 504 and its work cancelled. The default is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Hub:Limits:RequestTimeout must be between 1 second and 10 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest time a streamed download (the receivables CSV) may take, for a large export to a slow client; past it the
    /// stream is cut (the client sees an incomplete response, never a short file passed off as whole). The default is 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Hub:Limits:ExportTimeout must be between 1 second and 1 hour.")]
    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest time a client may take to send the request headers. The default is 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Hub:Limits:RequestHeadersTimeout must be between 1 second and 5 minutes.")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most open connections at once; further connections are refused by the server. The default is 1,000.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Hub:Limits:MaxConnections must be between 1 and 1000000.")]
    public int MaxConnections { get; set; } = 1_000;
}
