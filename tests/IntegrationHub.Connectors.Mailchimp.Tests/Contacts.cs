using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Mailchimp.Tests;

/// <summary>Canonical marketing contacts as another system would hand them to the Mailchimp connector.</summary>
internal static class Contacts
{
    public static CanonicalRecord Contact(string id, string? email, string status = "subscribed", long version = 1, string[]? tags = null, string? birthday = null) =>
        new("crm", CanonicalEntity.MarketingContact, id, version, JsonSerializer.SerializeToElement(new JsonObject
        {
            ["email"] = email,
            ["firstName"] = "Ada",
            ["lastName"] = "Lovelace",
            ["status"] = status,
            ["birthday"] = birthday,
            ["tags"] = new JsonArray((tags ?? []).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
        }));
}
