namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>Sets one fixed credential header on every request (API key, HTTP Basic). The value is never logged.</summary>
internal sealed class HeaderAuthHandler(string headerName, string headerValue) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(headerName);
        request.Headers.TryAddWithoutValidation(headerName, headerValue);
        return base.SendAsync(request, cancellationToken);
    }
}
