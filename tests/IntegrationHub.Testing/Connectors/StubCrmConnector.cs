using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Testing.Connectors;

/// <summary>
/// A complete <see cref="IConnector"/> for <see cref="StubCrmServer"/> on the shared HTTP plumbing (named client =
/// system name, so its circuit shows up in <c>IConnectorCircuits</c>): customers can be read, upserted and got.
/// </summary>
public sealed class StubCrmConnector : IConnector, IChangeReader, IBatchUpserter, IRecordLookup
{
    private readonly IHttpClientFactory _clients;

    public StubCrmConnector(string system, IHttpClientFactory clients, int pageSize = 2)
    {
        System = system;
        _clients = clients;
        PageSize = pageSize;
        Entities = [new EntityCapabilities(CanonicalEntity.Customer, this, this, this)];
    }

    public string System { get; }

    public int PageSize { get; }

    public IReadOnlyList<EntityCapabilities> Entities { get; }

    /// <summary>Registers the connector <paramref name="system"/> against <paramref name="baseUrl"/> with quick retries and a quick circuit.</summary>
    public static IServiceCollection Register(IServiceCollection services, string system, Uri baseUrl, int pageSize = 2)
    {
        services.AddConnectorHttpClient(system, o =>
        {
            o.BaseUrl = baseUrl.ToString();
            o.Retry.MaxRetries = 1;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.CircuitBreaker.MinimumThroughput = 2;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(5);
        });
        services.AddSingleton<IConnector>(sp => new StubCrmConnector(system, sp.GetRequiredService<IHttpClientFactory>(), pageSize));
        return services;
    }

    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Http().GetAsync("health", cancellationToken).ConfigureAwait(false);
            return new ConnectorHealth(ConnectorHealthStatus.Healthy);
        }
        catch (ConnectorException ex)
        {
            return new ConnectorHealth(ConnectorHealthStatus.Unhealthy, ex.Message);
        }
    }

    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = cursor ?? "0";
        while (true)
        {
            var page = await Http().GetFromJsonAsync<JsonObject>($"changes?after={after}&limit={PageSize}", cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectorPermanentException(System, "empty change page");
            var records = page["records"]!.AsArray().Select(r => ToRecord(r!.AsObject())).ToArray();
            var next = ((long)page["next"]!).ToString(CultureInfo.InvariantCulture);
            if (records.Length == 0)
            {
                yield break;
            }

            yield return new ChangePage(records, next);
            after = next;
        }
    }

    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        var body = records.Select(r => new
        {
            sourceSystem = r.System,
            sourceId = r.ExternalId,
            version = r.SourceVersion,
            name = r.Payload.TryGetProperty("name", out var n) ? n.GetString() : null,
        }).ToArray();
        using var response = await Http().PostAsJsonAsync("customers/batch", body, cancellationToken).ConfigureAwait(false);
        var answers = await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken).ConfigureAwait(false) ?? [];
        return records.Select((r, i) =>
        {
            var a = answers[i]!.AsObject();
            return (bool)a["ok"]!
                ? RecordUpsertResult.Ok(r.Identity, (string)a["id"]!, Enum.Parse<RecordUpsertStatus>((string)a["status"]!))
                : RecordUpsertResult.Failed(new RecordError(r.Identity, (string)a["code"]!, (string)a["message"]!));
        }).ToArray();
    }

    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        try
        {
            var customer = await Http().GetFromJsonAsync<JsonObject>($"customers/{Uri.EscapeDataString(externalId)}", cancellationToken).ConfigureAwait(false);
            return customer is null ? null : ToRecord(customer);
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    private HttpClient Http() => _clients.CreateClient(System);

    private CanonicalRecord ToRecord(JsonObject c) =>
        new(System, CanonicalEntity.Customer, (string)c["id"]!, (long)c["version"]!, JsonSerializer.SerializeToElement(new { name = (string?)c["name"] }));
}
