using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Http;
using IntegrationHub.Connectors.Http.Auth;
using IntegrationHub.Connectors.Http.VendorApis;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace IntegrationHub.SamplePlugin;

// A third-party connector for an HTTP API, written the way Refit's documentation shows, in one file: the vendor's API as
// a Refit interface, its answers as records, the connector over them, and its registration on the hub's plumbing (named
// client, pipeline with retries, limits and circuit, API key auth, per-attempt logging, typed errors). Configuration:
// Connectors:sample-api:BaseUrl, Connectors:sample-api:ApiKey:Key (and any Timeout, Retry, Limits, CircuitBreaker).

/// <summary>The contacts API: <c>GET /v1/contacts</c> (changed since a time, cursor-paged) and <c>GET /v1/contacts/{id}</c>.</summary>
public interface IContactsApi
{
    [Get("/v1/contacts")]
    Task<ContactPage?> ListAsync(
        [AliasAs("updated_since")] string? updatedSince, [AliasAs("page_token")] string? pageToken, int limit, CancellationToken cancellationToken);

    [Get("/v1/contacts/{id}")]
    Task<Contact?> GetAsync(string id, CancellationToken cancellationToken);

    [Get("/v1/ping")]
    Task PingAsync(CancellationToken cancellationToken);
}

public sealed record Contact(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

public sealed record ContactPage(
    [property: JsonPropertyName("contacts")] IReadOnlyList<Contact> Contacts,
    [property: JsonPropertyName("next_page_token")] string? NextPageToken);

/// <summary>Marketing contacts from the contacts API: read changes and get by id.</summary>
public sealed class ContactsApiConnector : IConnector, IChangeReader, IRecordLookup
{
    public const string Name = "sample-api";
    private const int PageSize = 100;
    private readonly RefitApi<IContactsApi> _api;

    public ContactsApiConnector(RefitApi<IContactsApi> api)
    {
        _api = api;
        Entities = [new EntityCapabilities(CanonicalEntity.MarketingContact, Reader: this, Lookup: this)];
    }

    public string System => Name;

    public IReadOnlyList<EntityCapabilities> Entities { get; }

    /// <summary>Registers the connector on the hub's plumbing; called by the plugin when its base URL is configured.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddConnectorHttpClient(Name).AddApiKeyAuth().AddRefitApi<IContactsApi>();
        services.AddSingleton<IConnector, ContactsApiConnector>();
    }

    public async Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _api.Client.PingAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectorHealth(ConnectorHealthStatus.Healthy, "contacts API reachable");
        }
        catch (ConnectorException ex)
        {
            return ConnectorHealth.Failed(ex);
        }
    }

    /// <summary>Pages of contacts changed at or after the cursor's time (an ISO 8601 instant), oldest first; the cursor is the last one's time.</summary>
    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var since = cursor; // one query, paged by its token; the next read starts from the last change seen
        string? token = null;
        do
        {
            var page = await _api.Client.ListAsync(since, token, PageSize, cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectorPermanentException(Name, $"{Name}: GET /v1/contacts answered an empty body");
            var records = page.Contacts.Select(ToRecord).ToArray();
            cursor = page.Contacts.Count > 0 ? page.Contacts.Max(c => c.UpdatedAt).ToString("O") : cursor ?? "";
            token = page.NextPageToken;
            yield return new ChangePage(records, cursor);
        }
        while (token is not null);
    }

    public string? CursorAt(DateTimeOffset from) => from.ToString("O");

    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _api.Client.GetAsync(externalId, cancellationToken).ConfigureAwait(false) is { } contact ? ToRecord(contact) : null;
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    private static CanonicalRecord ToRecord(Contact c) =>
        new(Name, CanonicalEntity.MarketingContact, c.Id, c.UpdatedAt.ToUnixTimeMilliseconds(), JsonSerializer.SerializeToElement(new { email = c.Email }));
}
