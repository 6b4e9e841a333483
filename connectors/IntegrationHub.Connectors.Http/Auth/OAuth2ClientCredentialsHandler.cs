using System.Net;
using System.Net.Http.Headers;

namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>
/// Adds <c>Authorization: Bearer</c> from the connector's token cache. A 401 means the vendor dropped the token before
/// its time: the token is renewed and the request sent again, exactly once; a second 401 is the answer.
/// </summary>
internal sealed class OAuth2ClientCredentialsHandler(AccessTokenCache tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        token = await tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
