using System.Runtime.CompilerServices;
using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.SamplePlugin.Contacts;

namespace IntegrationHub.SamplePlugin;

/// <summary>Marketing contacts from the plugin's private <see cref="ContactBook"/>: read and get, no upsert, no HTTP.</summary>
public sealed class SampleConnector : IConnector, IChangeReader, IRecordLookup
{
    private readonly string _greeting;

    public SampleConnector(string greeting)
    {
        _greeting = greeting;
        Entities = [new EntityCapabilities(CanonicalEntity.MarketingContact, Reader: this, Lookup: this)];
    }

    public string System => "sample";

    public IReadOnlyList<EntityCapabilities> Entities { get; }

    public Task<ConnectorHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new ConnectorHealth(ConnectorHealthStatus.Healthy, _greeting));

    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (cursor is null)
        {
            yield return new ChangePage(ContactBook.All.Select(ToRecord).ToArray(), "end");
        }
    }

    public Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ContactBook.All.Where(c => c.Id == externalId).Select(ToRecord).FirstOrDefault());

    private CanonicalRecord ToRecord((string Id, string Email, long Version) c) =>
        new(System, CanonicalEntity.MarketingContact, c.Id, c.Version, JsonSerializer.SerializeToElement(new { email = c.Email }));
}
