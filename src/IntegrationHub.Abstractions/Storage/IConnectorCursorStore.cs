namespace IntegrationHub.Storage;

/// <summary>
/// Where change-read cursors are kept between runs, one per key (for example <c>workflow/system/entity</c>). A cursor
/// is saved only after the page it follows has been processed, so a crash repeats work but never skips it.
/// </summary>
public interface IConnectorCursorStore
{
    /// <summary>The saved cursor, or <see langword="null"/> when nothing was saved under <paramref name="key"/> (read from the beginning).</summary>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every saved cursor whose key starts with <paramref name="prefix"/>, by key, with when it was saved.</summary>
    Task<IReadOnlyList<(string Key, string Cursor, DateTimeOffset UpdatedAt)>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Saves <paramref name="cursor"/> under <paramref name="key"/>, replacing the previous one.</summary>
    Task SaveAsync(string key, string cursor, CancellationToken cancellationToken = default);
}
