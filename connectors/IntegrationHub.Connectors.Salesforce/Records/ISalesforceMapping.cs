using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>How one sObject maps to one canonical entity. Pure functions; the connector adds the hub id and version fields.</summary>
internal interface ISalesforceMapping
{
    CanonicalEntity Entity { get; }

    string SObject { get; }

    /// <summary>The fields a query selects (always including <c>Id</c> and <c>SystemModstamp</c>).</summary>
    IReadOnlyList<string> Fields(SalesforceOptions options);

    /// <exception cref="FormatException">The record lacks <c>Id</c> or a readable <c>SystemModstamp</c>.</exception>
    CanonicalRecord ToCanonical(JsonElement record, SalesforceOptions options);

    /// <exception cref="ConnectorRecordException">The canonical record cannot be written (a required field is missing or invalid).</exception>
    JsonObject ToWrite(CanonicalRecord record, SalesforceOptions options);
}
