using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>One document: its header fields by field key (references flattened as <c>FCustId.FNumber</c>) and its entries.</summary>
internal sealed class KingdeeDocument(long id, JsonObject header)
{
    public long Id { get; } = id;

    public JsonObject Header { get; set; } = header;

    public List<JsonObject> Entries { get; set; } = [];
}
