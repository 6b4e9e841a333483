using IntegrationHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the hub store (SQLite), validated at start, with its schema migrated before anything else starts.</summary>
    public static IServiceCollection AddHubStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<SqliteMigrator>();
        services.AddSingleton<SqliteGroupCommit>();
        services.AddSingleton<IOrderIntakeStore>(sp => new SqliteOrderIntakeStore(
            sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SqliteGroupCommit>()));
        services.AddSingleton<SqliteWorkflowInstanceStore>();
        services.AddSingleton<IWorkflowInstanceStore>(sp => sp.GetRequiredService<SqliteWorkflowInstanceStore>());
        services.AddSingleton<IWorkflowLeaseStore>(sp => sp.GetRequiredService<SqliteWorkflowInstanceStore>());
        services.AddSingleton<IWorkflowBookmarkStore>(sp => sp.GetRequiredService<SqliteWorkflowInstanceStore>());
        // The stores whose writes share the group commit get it explicitly (each also has a constructor that makes its own, for tests).
        services.AddSingleton<IWorkflowEventQueue>(sp => new SqliteWorkflowEventQueue(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<SqliteGroupCommit>()));
        services.AddSingleton<ICrossReferenceStore, SqliteCrossReferenceStore>();
        services.AddSingleton<IConnectorCursorStore>(sp => new SqliteConnectorCursorStore(
            sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SqliteGroupCommit>()));
        services.AddSingleton<IReplayGuard>(sp => new SqliteReplayGuard(sp.GetRequiredService<SqliteGroupCommit>()));
        services.AddSingleton<ICanonicalRecordStore, SqliteCanonicalRecordStore>();
        services.AddSingleton<IQuarantineStore, SqliteQuarantineStore>();
        services.AddSingleton<IReceivableStore, SqliteReceivableStore>();
        services.AddSingleton<ICustomerValueStore, SqliteCustomerValueStore>();
        services.AddSingleton<IOutboxBacklog, SqliteOutboxBacklog>();
        services.AddHostedService<StoreMigrationService>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }
}

/// <summary>Runs the migrations during host start, before later hosted services (consumers, relays) start.</summary>
internal sealed class StoreMigrationService(SqliteMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
