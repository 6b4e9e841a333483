namespace IntegrationHub.Benchmarks.Connectors;

/// <summary>Counts the HTTP calls the connector makes (added to every client through ConfigureHttpClientDefaults).</summary>
internal sealed class CallCounter : DelegatingHandler
{
    private static long _count;

    public static long Count => Interlocked.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
