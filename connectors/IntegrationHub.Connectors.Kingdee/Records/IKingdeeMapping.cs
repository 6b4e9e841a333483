using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>
/// One K3Cloud form mapped to one canonical entity. The first three <see cref="HeaderKeys"/> are always the internal id,
/// the number and <c>FModifyDate</c>; the connector's reader, upserter and lookup are written once over this interface.
/// Mappings are pure: they never change their input, and a record that cannot be mapped throws <see cref="FormatException"/>.
/// </summary>
internal interface IKingdeeMapping
{
    string FormId { get; }

    CanonicalEntity Entity { get; }

    /// <summary>Field keys of one header row: id, number, FModifyDate, then the form's own.</summary>
    IReadOnlyList<string> HeaderKeys { get; }

    /// <summary>The canonical records of header rows (orders read their entries with one more query).</summary>
    Task<IReadOnlyList<CanonicalRecord>> ToRecordsAsync(IReadOnlyList<JsonElement[]> rows, KingdeeClient client, CancellationToken cancellationToken = default);

    /// <summary>The Save model of a canonical record; <paramref name="id"/> is the existing document's id, or 0 to create.</summary>
    JsonObject ToModel(CanonicalRecord record, long id);

    /// <summary>The number a canonical record is saved under (its external key in K3Cloud).</summary>
    string NumberOf(CanonicalRecord record);

    /// <summary>A View model as a canonical record.</summary>
    CanonicalRecord FromView(JsonElement model);
}
