namespace IntegrationHub.Connectors;

/// <summary>
/// One page of changes read from a system.
/// </summary>
/// <param name="Records">The changed records, oldest change first. May be empty (a page that only moves the cursor).</param>
/// <param name="Cursor">
/// Where to resume after this page. Opaque to everyone but the connector that made it. The caller persists it only
/// after every record of the page has been processed (committed), and passes it to the next
/// <see cref="IChangeReader.ReadChangesAsync"/>; the connector never persists it itself.
/// </param>
public sealed record ChangePage(IReadOnlyList<CanonicalRecord> Records, string Cursor);
