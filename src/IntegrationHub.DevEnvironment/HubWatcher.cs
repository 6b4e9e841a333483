using System.Text.Json;
using IntegrationHub.Sandbox.Erp;
using Microsoft.Extensions.Options;

namespace IntegrationHub.DevEnvironment;

/// <summary>
/// Waits until the hub answers <c>GET /health/live</c> (it is usually started after the dev environment), then points
/// the demo ERP at it; afterwards reads the hub's flow counters for the summary.
/// </summary>
internal sealed partial class HubWatcher(
    IOptions<DevEnvironmentOptions> options,
    OrderGeneratorTarget target,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<HubWatcher> logger) : BackgroundService
{
    public const string HttpClientName = "hub";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var http = Client();
        LogWaiting(logger, o.HubUrl);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync("health/live", stoppingToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, stoppingToken).ConfigureAwait(false);
        }

        LogHubUp(logger, o.HubUrl);
        target.Set(o.HubUrl, o.HubApiKey);
    }

    /// <summary>The hub's flow counters (<c>GET /api/v1/system</c>, <c>flow</c>), or null while it does not answer.</summary>
    public Task<JsonElement?> FlowAsync(CancellationToken cancellationToken) => ReadAsync("api/v1/system", "flow", cancellationToken);

    /// <summary>The hub's flows (<c>GET /api/v1/flows</c>, <c>flows</c>), or null while it does not answer.</summary>
    public Task<JsonElement?> FlowsAsync(CancellationToken cancellationToken) => ReadAsync("api/v1/flows", "flows", cancellationToken);

    /// <summary>Scored customers per tier and stage (<c>GET /api/v1/customers/segments</c>), or null while it does not answer.</summary>
    public Task<JsonElement?> SegmentsAsync(CancellationToken cancellationToken) => ReadAsync("api/v1/customers/segments", null, cancellationToken);

    /// <summary>Receivables aging totals per currency (<c>GET /api/v1/receivables/aging</c>, <c>totals</c>), or null.</summary>
    public Task<JsonElement?> AgingTotalsAsync(CancellationToken cancellationToken) => ReadAsync("api/v1/receivables/aging", "totals", cancellationToken);

    private async Task<JsonElement?> ReadAsync(string path, string? property, CancellationToken cancellationToken)
    {
        using var http = Client();
        try
        {
            var body = await http.GetFromJsonAsync<JsonElement>(path, cancellationToken).ConfigureAwait(false);
            return property is null ? body : body.TryGetProperty(property, out var value) ? value : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private HttpClient Client()
    {
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = options.Value.HubUrl;
        http.DefaultRequestHeaders.Add("X-Api-Key", options.Value.HubApiKey);
        return http;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the hub at {HubUrl}")]
    private static partial void LogWaiting(ILogger logger, Uri hubUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub at {HubUrl} is up")]
    private static partial void LogHubUp(ILogger logger, Uri hubUrl);
}
