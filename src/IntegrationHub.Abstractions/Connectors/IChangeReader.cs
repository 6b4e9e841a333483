namespace IntegrationHub.Connectors;

/// <summary>Reads the records of one entity that changed since a cursor (the source side of a connector).</summary>
public interface IChangeReader
{
    /// <summary>
    /// Streams the changes after <paramref name="cursor"/> as pages, oldest first, and ends when it has caught up.
    /// </summary>
    /// <param name="cursor">A <see cref="ChangePage.Cursor"/> from an earlier read, or <see langword="null"/> to read from the beginning.</param>
    /// <param name="cancellationToken">Stops the read between or during pages with <see cref="OperationCanceledException"/>.</param>
    /// <remarks>
    /// <para><b>Duplicates:</b> delivery is at-least-once. A page may repeat records of the previous read (vendors page
    /// by last-modified time and the boundary is inclusive), and a read resumed from an older cursor repeats everything
    /// after it. Consumers make effects idempotent by <see cref="CanonicalRecord.Identity"/> and
    /// <see cref="CanonicalRecord.SourceVersion"/>.</para>
    /// <para><b>Retry:</b> transient vendor failures are retried inside the connector's HTTP pipeline; a failure that
    /// survives it ends the enumeration with a <see cref="ConnectorTransientException"/> (try again later from the last
    /// persisted cursor) or a <see cref="ConnectorPermanentException"/> (fix configuration or data first).</para>
    /// <para><b>Cancellation:</b> the page being fetched is abandoned; pages already yielded stay valid, and a page whose
    /// records were not all processed must not have its cursor persisted.</para>
    /// </remarks>
    IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, CancellationToken cancellationToken = default);

    /// <summary>
    /// A cursor from which <see cref="ReadChangesAsync"/> reads every change made at or after <paramref name="from"/> (a
    /// backfill from a given time), or <see langword="null"/> when this reader cannot start from a time (then only a
    /// backfill from the beginning, a <see langword="null"/> cursor, is possible). The default is <see langword="null"/>.
    /// </summary>
    string? CursorAt(DateTimeOffset from) => null;
}
