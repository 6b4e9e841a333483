using System.Text.Json;

namespace IntegrationHub.Connectors;

/// <summary>
/// The envelope every connector reads and writes: (system, entity, external id, source version, payload).
/// </summary>
/// <param name="System">The system the record comes from, e.g. <c>erp</c> or <c>fxiaoke</c>.</param>
/// <param name="Entity">The canonical entity.</param>
/// <param name="ExternalId">The record's id in <paramref name="System"/>; stable for the record's life.</param>
/// <param name="SourceVersion">
/// Grows with every change of the record in its source system (a revision number, or the last-modified time in
/// Unix milliseconds). Sinks never let a lower version overwrite a higher one, so an old redelivery changes nothing.
/// </param>
/// <param name="Payload">The canonical fields as JSON. Immutable: transforms build a new record instead of changing this one.</param>
public sealed record CanonicalRecord(string System, CanonicalEntity Entity, string ExternalId, long SourceVersion, JsonElement Payload)
{
    public RecordIdentity Identity => new(System, Entity, ExternalId);
}
