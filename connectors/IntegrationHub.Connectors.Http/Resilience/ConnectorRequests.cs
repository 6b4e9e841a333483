namespace IntegrationHub.Connectors.Http.Resilience;

/// <summary>Per-request flags the connector pipeline reads from <see cref="HttpRequestMessage.Options"/>.</summary>
public static class ConnectorRequests
{
    /// <summary>Set to <see langword="true"/> on a POST/PATCH that is safe to repeat (a query sent as POST, or a call carrying an <c>Idempotency-Key</c>).</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new(IdempotentKey);

    /// <summary>The key of <see cref="Idempotent"/>, for a Refit <c>[Property(ConnectorRequests.IdempotentKey)] bool</c> parameter.</summary>
    public const string IdempotentKey = "IntegrationHub.Idempotent";

    /// <summary>The attempt number (1 = first) of the request being sent; counted by the per-attempt logging handler.</summary>
    internal static readonly HttpRequestOptionsKey<int> Attempt = new("IntegrationHub.Attempt");

    /// <summary>Marks <paramref name="request"/> as safe to retry after a failure that may have reached the server.</summary>
    public static HttpRequestMessage MarkIdempotent(this HttpRequestMessage request)
    {
        request.Options.Set(Idempotent, true);
        return request;
    }

    /// <summary>
    /// GET, HEAD, OPTIONS, PUT, DELETE and TRACE are idempotent (RFC 9110 9.2.2); POST and PATCH only when marked (on the request,
    /// or by <see cref="VendorApis.IdempotentAttribute"/> on the Refit method that built it), or when they
    /// carry an <c>Idempotency-Key</c> header (draft-ietf-httpapi-idempotency-key-header), which the vendor uses to drop repeats.
    /// </summary>
    public static bool IsIdempotent(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(Idempotent, out var marked))
        {
            return marked;
        }

        if (VendorApis.RefitMethods.IsMarkedIdempotent(request))
        {
            return true;
        }

        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put
            || method == HttpMethod.Delete || method == HttpMethod.Trace || request.Headers.Contains("Idempotency-Key");
    }

    internal static string PathOf(HttpRequestMessage? request) =>
        request?.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request?.RequestUri?.OriginalString.Split('?')[0] ?? "";
}
