namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>A contract test class: a fresh database of one provider per test (<see cref="CreateBackendAsync"/>).</summary>
public abstract class StoreContract : IAsyncLifetime
{
    protected IStoreBackend Backend { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Backend = await CreateBackendAsync();

    public async Task DisposeAsync() => await Backend.DisposeAsync();

    protected abstract Task<IStoreBackend> CreateBackendAsync();
}
