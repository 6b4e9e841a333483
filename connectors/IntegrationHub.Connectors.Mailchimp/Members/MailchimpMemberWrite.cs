using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>What one upsert sends: the member's subscriber hash, the <c>PUT</c> body, and the tags to set active.</summary>
public sealed record MailchimpMemberWrite(string SubscriberHash, JsonObject Body, IReadOnlyList<string> Tags);
