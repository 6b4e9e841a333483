using System.Net;
using IntegrationHub.Connectors.Http.Resilience;

namespace IntegrationHub.Connectors.Http.Errors;

/// <summary>Turns a failed vendor answer into the hub's typed connector errors.</summary>
public static class ConnectorErrors
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// 408, 429 and 5xx become <see cref="ConnectorTransientException"/> (with the vendor's <c>Retry-After</c>); other
    /// statuses become <see cref="ConnectorPermanentException"/> with the vendor's code, message and field details.
    /// The message names the connector, method, path (no query string) and status, never headers or credentials.
    /// </summary>
    public static async Task<ConnectorException> FromResponseAsync(
        string connector, HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var vendor = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var said = vendor.Message is null ? "" : $": {(vendor.Code is null ? "" : vendor.Code + " ")}{vendor.Message}";
        var message = $"{connector}: {response.RequestMessage?.Method} {ConnectorRequests.PathOf(response.RequestMessage)} answered {status} {response.ReasonPhrase}{said}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests || HttpOutcomes.IsTransientStatus(response.StatusCode))
        {
            return new ConnectorTransientException(connector, message)
            {
                StatusCode = status,
                VendorCode = vendor.Code,
                VendorMessage = vendor.Message,
                RetryAfter = RetryAfter.Of(response, time),
            };
        }

        return new ConnectorPermanentException(connector, message) { StatusCode = status, VendorCode = vendor.Code, VendorMessage = vendor.Message, Details = vendor.Details };
    }

    private static async Task<VendorError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return body.Length is 0 or > MaxBodyBytes ? VendorError.None : VendorError.Parse(body);
        }
        catch (HttpRequestException)
        {
            return VendorError.None; // the status alone still classifies the failure
        }
    }
}
