using IntegrationHub.Connectors.Http.VendorApis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http.Batches;
using IntegrationHub.Connectors.Mailchimp.Api;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>
/// Upserts marketing contacts one member at a time with <c>PUT /lists/{id}/members/{subscriber_hash}</c> (idempotent, so
/// the pipeline retries it), then sets the record's tags active with <c>POST .../tags</c>. Mailchimp's <c>POST /batches</c>
/// is asynchronous (results arrive later as an archive), so it would not give per-record answers within the call; a
/// member refused with 400 (invalid address, compliance state, fake or invalid email) becomes that record's
/// <see cref="RecordError"/> through <see cref="RecordBatches"/>. With <see cref="MailchimpOptions.VersionMergeField"/> set,
/// the member is read first and an older incoming version is skipped. The same address twice in one batch is written once
/// (its newest version); the other occurrences answer Skipped with that outcome.
/// </summary>
internal sealed class MailchimpMemberUpserter(RefitApi<IMailchimpApi> apis, IOptions<MailchimpOptions> options) : IBatchUpserter
{
    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        // The same member twice in one batch (a redelivery) would be two parallel PUTs racing: only the newest version is
        // sent, and the others answer as skipped with its outcome.
        var keys = records.Select(KeyOf).ToArray();
        var winners = Enumerable.Range(0, records.Count).GroupBy(i => keys[i] ?? $"#{i}", StringComparer.Ordinal)
            .Select(g => g.OrderBy(i => records[i].SourceVersion).ThenBy(i => i).Last()).Order().ToArray();
        var answers = await RecordBatches.UpsertEachAsync(winners.Select(i => records[i]).ToArray(), UpsertOneAsync, options.Value.MaxParallelUpserts, cancellationToken)
            .ConfigureAwait(false);
        var results = new RecordUpsertResult?[records.Count];
        var byKey = new Dictionary<string, RecordUpsertResult>(StringComparer.Ordinal);
        for (var n = 0; n < winners.Length; n++)
        {
            results[winners[n]] = answers[n];
            if (keys[winners[n]] is { } key)
            {
                byKey[key] = answers[n];
            }
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (results[i] is null)
            {
                var winner = byKey[keys[i]!]; // only records sharing a key lose
                results[i] = winner.Error is { } error
                    ? RecordUpsertResult.Failed(error with { Record = records[i].Identity })
                    : RecordUpsertResult.Ok(records[i].Identity, winner.TargetId!, RecordUpsertStatus.Skipped);
            }
        }

        return results!;
    }

    private static string? KeyOf(CanonicalRecord record) =>
        record.Payload.ValueKind == JsonValueKind.Object && record.Payload.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String
            && email.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? SubscriberHash.Of(text)
            : null;

    private async Task<RecordUpsertResult> UpsertOneAsync(CanonicalRecord record, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var write = MailchimpMemberMapping.ToWrite(record, o.VersionMergeField);
        var api = apis.Client;
        var status = RecordUpsertStatus.Updated;
        if (o.VersionMergeField.Length > 0)
        {
            var existing = await MailchimpMemberLookup.FindAsync(api, o.ListId, write.SubscriberHash, cancellationToken).ConfigureAwait(false);
            if (existing is { } member && StoredVersion(member, o.VersionMergeField) > record.SourceVersion)
            {
                return RecordUpsertResult.Ok(record.Identity, write.SubscriberHash, RecordUpsertStatus.Skipped);
            }

            status = existing is null ? RecordUpsertStatus.Created : RecordUpsertStatus.Updated;
        }

        var answer = await api.PutMemberAsync(o.ListId, write.SubscriberHash, write.Body, cancellationToken).ConfigureAwait(false);
        if (write.Tags.Count > 0)
        {
            var tags = new JsonObject
            {
                ["tags"] = new JsonArray(write.Tags.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["status"] = "active" }).ToArray()),
            };
            await apis.Client.PostTagsAsync(o.ListId, write.SubscriberHash, tags, cancellationToken).ConfigureAwait(false);
        }

        var id = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("id", out var v) && v.GetString() is { Length: > 0 } s ? s : write.SubscriberHash;
        return RecordUpsertResult.Ok(record.Identity, id, status);
    }

    private static long StoredVersion(JsonElement member, string field) =>
        member.TryGetProperty("merge_fields", out var merge) && merge.ValueKind == JsonValueKind.Object && merge.TryGetProperty(field, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt64(out var n) => n,
                JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                _ => 0,
            }
            : 0;
}
