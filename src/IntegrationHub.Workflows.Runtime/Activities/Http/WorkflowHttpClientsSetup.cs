using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Activities.Http;

/// <summary>
/// Configures the <c>IHttpClientFactory</c> client <c>workflow:&lt;name&gt;</c> from <c>Workflows:HttpClients:&lt;name&gt;</c>:
/// base address, default headers and the response size limit. The timeout is applied per request by the activity (so
/// it can report the Timeout outcome), so the client's own is infinite.
/// </summary>
internal sealed class WorkflowHttpClientsSetup(IOptions<WorkflowHttpClientsOptions> clients) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(HttpClientFactoryOptions options)
    {
    }

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !name.StartsWith(WorkflowHttpClientsOptions.FactoryPrefix, StringComparison.Ordinal)
            || !clients.Value.Clients.TryGetValue(name[WorkflowHttpClientsOptions.FactoryPrefix.Length..], out var settings))
        {
            return;
        }

        options.HttpClientActions.Add(http =>
        {
            http.BaseAddress = settings.BaseAddress;
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.MaxResponseContentBufferSize = settings.MaxResponseBytes;
            foreach (var (header, value) in settings.Headers)
            {
                http.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
            }
        });
    }
}
