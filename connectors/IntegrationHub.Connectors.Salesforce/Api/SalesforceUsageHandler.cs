namespace IntegrationHub.Connectors.Salesforce.Api;

/// <summary>Innermost handler of the <c>salesforce</c> client: every answer's <c>Sforce-Limit-Info</c> updates <see cref="SalesforceApiUsage"/>.</summary>
internal sealed class SalesforceUsageHandler(SalesforceApiUsage usage) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        usage.Observe(response);
        return response;
    }
}
