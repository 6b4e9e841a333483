using IntegrationHub.Connectors.Http.VendorApis;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http.Batches;
using IntegrationHub.Connectors.Mailchimp.Api;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>
/// Sets an existing member's tags (entity <c>marketing-tags</c>) with one <c>POST /lists/{id}/members/{hash}/tags</c>:
/// payload <c>memberId</c> (the subscriber hash, as the cross-reference holds it), <c>active</c> (tags to set) and
/// <c>inactive</c> (tags to remove: Mailchimp removes a tag by setting it inactive; a tag the member does not have is left
/// alone). Never creates a member; a member that is gone fails that record (404).
/// </summary>
internal sealed class MailchimpTagsUpserter(RefitApi<IMailchimpApi> apis, IOptions<MailchimpOptions> options) : IBatchUpserter
{
    public static readonly CanonicalEntity Entity = new("marketing-tags");

    public Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default) =>
        RecordBatches.UpsertEachAsync(records, SetAsync, options.Value.MaxParallelUpserts, cancellationToken);

    private async Task<RecordUpsertResult> SetAsync(CanonicalRecord record, CancellationToken cancellationToken)
    {
        var payload = record.Payload;
        var member = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("memberId", out var m) && m.ValueKind == JsonValueKind.String
            && m.GetString() is { Length: 32 } hash && hash.All(char.IsAsciiHexDigitLower)
            ? hash
            : throw Invalid(record, "memberId must be the member's subscriber hash (32 lower-case hex digits)");
        var active = Names(record, "active");
        var inactive = Names(record, "inactive").Except(active, StringComparer.Ordinal);
        var tags = new JsonArray([
            .. active.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["status"] = "active" }),
            .. inactive.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["status"] = "inactive" }),
        ]);
        await apis.Client.PostTagsAsync(options.Value.ListId, member, new JsonObject { ["tags"] = tags }, cancellationToken).ConfigureAwait(false);
        return RecordUpsertResult.Ok(record.Identity, member, RecordUpsertStatus.Updated);
    }

    private static List<string> Names(CanonicalRecord record, string name)
    {
        if (!record.Payload.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return array.ValueKind == JsonValueKind.Array && array.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 and <= 100 })
            ? [.. array.EnumerateArray().Select(t => t.GetString()!).Distinct(StringComparer.Ordinal)]
            : throw Invalid(record, $"{name} must be an array of tag names (1-100 characters)");
    }

    private static ConnectorRecordException Invalid(CanonicalRecord record, string message) => new(message, new RecordError(record.Identity, "invalid-payload", message));
}
