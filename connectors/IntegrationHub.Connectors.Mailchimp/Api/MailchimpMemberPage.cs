using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Mailchimp.Api;

/// <summary>One page of <c>GET /lists/{list_id}/members</c>; members stay raw JSON for the mapping.</summary>
public sealed record MailchimpMemberPage
{
    [JsonPropertyName("members")] public IReadOnlyList<JsonElement> Members { get; init; } = [];

    [JsonPropertyName("list_id")] public string? ListId { get; init; }

    [JsonPropertyName("total_items")] public int TotalItems { get; init; }
}
