namespace IntegrationHub.Connectors;

/// <summary>
/// A failure that belongs to one record, with that record's identity so it can be dead-lettered, shown and replayed.
/// </summary>
/// <param name="Record">The record that failed.</param>
/// <param name="Code">The vendor's error code or type, or the HTTP status, e.g. <c>ValidationException</c>, <c>422</c>.</param>
/// <param name="Message">The vendor's explanation (never credentials), e.g. which field is invalid.</param>
/// <param name="Retryable">Whether sending the same record again later can succeed (a lock or conflict) or needs a fix first (validation).</param>
public sealed record RecordError(RecordIdentity Record, string Code, string Message, bool Retryable = false);
