using System.Text;
using System.Text.Json;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Api.Contracts;

/// <summary><c>GET /api/v1/dead-letters</c>: entries newest first and the token of the next page ("" at the end).</summary>
internal sealed record DeadLetterPage(IEnumerable<DeadLetterSummary> DeadLetters, string NextPageToken);

/// <summary>An entry in a listing: where the record came from, why it failed, and what was done about it (no payload).</summary>
internal sealed record DeadLetterSummary(
    long Id, string Status, string Topic, int Partition, long Offset, string ConsumerGroup, string? Flow, string? Key,
    string Reason, string ExceptionType, int Attempts, int Failures, string? Workflow, Guid? InstanceId,
    DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, int Replays, DateTimeOffset? ReplayedAt, DateTimeOffset? ResolvedAt,
    DateTimeOffset? DiscardedAt)
{
    public static DeadLetterSummary Of(DeadLetterEntry e) => new(e.Id, e.Status, e.Topic, e.Partition, e.Offset, e.ConsumerGroup, e.Flow, e.Key,
        e.Reason, e.ExceptionType, e.Attempts, e.Failures, e.Workflow, e.InstanceId, e.FirstFailedAt, e.LastFailedAt, e.Replays, e.ReplayedAt,
        e.ResolvedAt, e.DiscardedAt);
}

/// <summary>
/// <c>GET /api/v1/dead-letters/{id}</c>: the entry with the record as consumed (headers; payload as JSON when it is JSON,
/// else text when it is UTF-8, else base64), its history, and who discarded it and why.
/// </summary>
internal sealed record DeadLetterDetail(
    DeadLetterSummary Entry, string DeadLetterTopic, IEnumerable<DeadLetterHeaderView> Headers, DeadLetterPayload Payload,
    IEnumerable<DeadLetterHistoryItem> History, string? DiscardedBy, string? DiscardReason)
{
    public static DeadLetterDetail Of(DeadLetterEntry e) => new(DeadLetterSummary.Of(e), e.DeadLetterTopic,
        e.Headers.Select(h => new DeadLetterHeaderView(h.Name, h.Value, h.Base64 ? "base64" : "text")), DeadLetterPayload.Of(e.Payload),
        e.History, e.DiscardedBy, e.DiscardReason);
}

/// <param name="Encoding">text (the value as UTF-8 text) or base64 (the bytes were not UTF-8).</param>
internal sealed record DeadLetterHeaderView(string Name, string Value, string Encoding);

/// <summary>The payload: <see cref="Json"/> when it parses as JSON, else <see cref="Text"/> (UTF-8) or <see cref="Base64"/>.</summary>
/// <param name="Encoding">json, text or base64: which of the other members holds the payload.</param>
internal sealed record DeadLetterPayload(string Encoding, int Bytes, JsonElement? Json, string? Text, string? Base64)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DeadLetterPayload Of(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return new DeadLetterPayload("json", payload.Length, document.RootElement.Clone(), null, null);
        }
        catch (JsonException)
        {
        }

        try
        {
            return new DeadLetterPayload("text", payload.Length, null, StrictUtf8.GetString(payload), null);
        }
        catch (DecoderFallbackException)
        {
            return new DeadLetterPayload("base64", payload.Length, null, null, Convert.ToBase64String(payload));
        }
    }
}

/// <summary><c>POST /api/v1/dead-letters/replay</c>: the entries republished (newest first) and whether more match.</summary>
internal sealed record DeadLetterBulkReplay(int Count, IEnumerable<long> Replayed, bool More);
