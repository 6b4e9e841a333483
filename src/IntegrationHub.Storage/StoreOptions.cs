using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Storage;

/// <summary>Where the hub keeps its state. Bound from the <c>Store</c> configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// Store engine: <c>sqlite</c> (the default; one hub process on a local file) or <c>postgresql</c> (any number of hub
    /// processes on one database, <see cref="ConnectionString"/>).
    /// </summary>
    [Required, RegularExpression("^(?i:sqlite|postgresql)$", ErrorMessage = "Store:Provider must be 'sqlite' or 'postgresql'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// PostgreSQL only: an Npgsql connection string (<c>Host=...;Port=5432;Database=hub;Username=hub;Password=...</c>; pooling
    /// settings such as <c>Maximum Pool Size</c> go here too). Keep the password out of files: set it from the environment
    /// (<c>Store__ConnectionString</c>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>True when <see cref="Provider"/> is <c>postgresql</c>.</summary>
    public bool IsPostgres => string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);

    /// <summary>SQLite database file. The default is <c>./data/hub.db</c>; its folder is created when missing.</summary>
    [Required(ErrorMessage = "Store:SqlitePath must name a file.")]
    public string SqlitePath { get; set; } = "./data/hub.db";

    /// <summary>How long a writer waits for a locked database. The default is 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Store:BusyTimeout must be between 100 ms and 5 minutes.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <c>full</c> (the default) syncs the write-ahead log at every commit, so a
    /// write acknowledged by the hub survives a power loss, not only a crash of the process; <c>normal</c> syncs only at
    /// checkpoints (a crash of the process loses nothing, a power loss can lose the last commits). Group commit makes a
    /// sync cover every write of its group.
    /// </summary>
    [Required, RegularExpression("^(?i:full|normal)$", ErrorMessage = "Store:Synchronous must be 'full' or 'normal'.")]
    public string Synchronous { get; set; } = "full";
}
