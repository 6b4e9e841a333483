namespace IntegrationHub.Connectors.Http.Errors;

/// <summary>
/// Outermost handler of a connector client: an answer of 400 or more (after the pipeline's retries and the auth
/// handler's token refresh) is thrown as a typed <see cref="ConnectorException"/>, so every adapter sees failures the
/// same way. A lookup that expects 404 catches <see cref="ConnectorPermanentException"/> with <c>StatusCode == 404</c>.
/// </summary>
internal sealed class ErrorTranslationHandler(string connector, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode < 400)
        {
            return response;
        }

        using (response)
        {
            throw await ConnectorErrors.FromResponseAsync(connector, response, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
