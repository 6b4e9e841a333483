namespace IntegrationHub.Storage;

/// <summary>What a store with a single writer reports about it (SQLite's group commit); a PostgreSQL store has none.</summary>
public interface IStoreWriterStatistics
{
    /// <summary>Transactions committed so far.</summary>
    long Commits { get; }

    /// <summary>Writes run so far.</summary>
    long Writes { get; }

    /// <summary>Time the writer spent writing and committing.</summary>
    TimeSpan Busy { get; }
}
