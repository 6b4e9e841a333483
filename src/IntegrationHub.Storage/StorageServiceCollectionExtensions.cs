using IntegrationHub.Storage.Postgres;
using IntegrationHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IntegrationHub.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the hub store, SQLite or PostgreSQL as <c>Store:Provider</c> says (validated at start), with its schema
    /// migrated before anything else starts. Each contract resolves to the configured engine's implementation; the other
    /// engine's parts are never built.
    /// </summary>
    public static IServiceCollection AddHubStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // SQLite: one file, one writer loop (group commit) that the hot writes share.
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<SqliteMigrator>();
        services.AddSingleton<SqliteGroupCommit>();
        services.AddSingleton<SqliteWorkflowInstanceStore>();

        // PostgreSQL: one pooled data source per process.
        services.AddSingleton(sp => PostgresDataSource.Build(Options(sp).ConnectionString!, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<PostgresMigrator>();
        services.AddSingleton<PostgresWorkflowStore>();

        services.AddSingleton<IStoreWriterStatistics>(sp => Options(sp).IsPostgres ? NoWriter.Instance : sp.GetRequiredService<SqliteGroupCommit>());
        Add<IOrderIntakeStore>(services,
            sp => new SqliteOrderIntakeStore(sp.GetRequiredService<SqliteConnectionFactory>(), Time(sp), sp.GetRequiredService<SqliteGroupCommit>()),
            sp => new PostgresOrderIntakeStore(Data(sp), Time(sp)));
        Add<IWorkflowStore>(services, sp => sp.GetRequiredService<SqliteWorkflowInstanceStore>(), sp => sp.GetRequiredService<PostgresWorkflowStore>());
        services.AddSingleton<IWorkflowInstanceStore>(sp => sp.GetRequiredService<IWorkflowStore>());
        services.AddSingleton<IWorkflowLeaseStore>(sp => sp.GetRequiredService<IWorkflowStore>());
        services.AddSingleton<IWorkflowBookmarkStore>(sp => sp.GetRequiredService<IWorkflowStore>());
        Add<IWorkflowEventQueue>(services,
            sp => new SqliteWorkflowEventQueue(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<SqliteGroupCommit>()),
            sp => new PostgresWorkflowEventQueue(Data(sp)));
        Add<ICrossReferenceStore>(services,
            sp => new SqliteCrossReferenceStore(sp.GetRequiredService<SqliteConnectionFactory>(), Time(sp), sp.GetRequiredService<SqliteGroupCommit>()),
            sp => new PostgresCrossReferenceStore(Data(sp), Time(sp)));
        Add<IConnectorCursorStore>(services,
            sp => new SqliteConnectorCursorStore(sp.GetRequiredService<SqliteConnectionFactory>(), Time(sp), sp.GetRequiredService<SqliteGroupCommit>()),
            sp => new PostgresConnectorCursorStore(Data(sp), Time(sp)));
        Add<IReplayGuard>(services, sp => new SqliteReplayGuard(sp.GetRequiredService<SqliteGroupCommit>()), sp => new PostgresReplayGuard(Data(sp)));
        Add<ICanonicalRecordStore>(services,
            sp => new SqliteCanonicalRecordStore(sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<SqliteGroupCommit>()),
            sp => new PostgresCanonicalRecordStore(Data(sp)));
        Add<IQuarantineStore>(services, sp => new SqliteQuarantineStore(sp.GetRequiredService<SqliteConnectionFactory>()), sp => new PostgresQuarantineStore(Data(sp)));
        Add<IDeadLetterStore>(services, sp => new SqliteDeadLetterStore(sp.GetRequiredService<SqliteConnectionFactory>()), sp => new PostgresDeadLetterStore(Data(sp)));
        Add<IReceivableStore>(services, sp => new SqliteReceivableStore(sp.GetRequiredService<SqliteConnectionFactory>()), sp => new PostgresReceivableStore(Data(sp)));
        Add<ICustomerValueStore>(services, sp => new SqliteCustomerValueStore(sp.GetRequiredService<SqliteConnectionFactory>()), sp => new PostgresCustomerValueStore(Data(sp)));
        Add<IStoreLocks>(services, sp => new SqliteStoreLocks(sp.GetRequiredService<SqliteConnectionFactory>()), sp => new PostgresStoreLocks(Data(sp)));
        Add<IOutboxBacklog>(services, sp => new SqliteOutboxBacklog(sp.GetRequiredService<SqliteConnectionFactory>()), sp => new PostgresOutboxBacklog(Data(sp)));
        services.AddSingleton<StoreLocation>();
        services.AddSingleton<IStoreOutage>(StoreOutage.Instance);

        // First of all hosted services (Data Protection's, which reads its key ring from the store, is registered earlier).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreMigrationService>());
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }

    private static void Add<T>(IServiceCollection services, Func<IServiceProvider, T> sqlite, Func<IServiceProvider, T> postgres)
        where T : class =>
        services.AddSingleton(sp => Options(sp).IsPostgres ? postgres(sp) : sqlite(sp));

    private static StoreOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<StoreOptions>>().Value;

    private static TimeProvider Time(IServiceProvider sp) => sp.GetRequiredService<TimeProvider>();

    private static NpgsqlDataSource Data(IServiceProvider sp) => sp.GetRequiredService<NpgsqlDataSource>();

    /// <summary>A store without a single writer reports nothing.</summary>
    private sealed class NoWriter : IStoreWriterStatistics
    {
        public static readonly NoWriter Instance = new();

        public long Commits => 0;

        public long Writes => 0;

        public TimeSpan Busy => TimeSpan.Zero;
    }
}

/// <summary>Runs the configured store's migrations during host start, before later hosted services (consumers, relays) start.</summary>
internal sealed class StoreMigrationService(IOptions<StoreOptions> options, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => options.Value.IsPostgres
        ? services.GetRequiredService<PostgresMigrator>().MigrateAsync(cancellationToken)
        : services.GetRequiredService<SqliteMigrator>().MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Where the store is, for operators (<c>GET /api/v1/system</c>): the SQLite file, or the PostgreSQL server and database (never the credentials).</summary>
public sealed class StoreLocation(IOptions<StoreOptions> options, IServiceProvider services)
{
    public string Provider => options.Value.IsPostgres ? "postgresql" : "sqlite";

    public string Describe()
    {
        if (!options.Value.IsPostgres)
        {
            return services.GetRequiredService<SqliteConnectionFactory>().FullPath;
        }

        var parsed = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        return $"postgresql://{parsed.Host}:{parsed.Port}/{parsed.Database}";
    }
}
