using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>
/// Where a read of members resumes: the newest <c>last_changed</c> delivered (<see cref="Timestamp"/>) and the subscriber
/// hashes already delivered with exactly that timestamp (<see cref="Ids"/>), so the boundary second is neither skipped nor
/// repeated. Serialized as compact JSON; opaque to everyone else.
/// </summary>
internal sealed record MailchimpCursor(
    [property: JsonPropertyName("t")] DateTimeOffset? Timestamp,
    [property: JsonPropertyName("ids")] IReadOnlyList<string> Ids)
{
    public static readonly MailchimpCursor Start = new(null, []);

    /// <exception cref="ConnectorPermanentException">The text is not a cursor this connector made.</exception>
    public static MailchimpCursor Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return Start;
        }

        try
        {
            return JsonSerializer.Deserialize<MailchimpCursor>(cursor) ?? Start;
        }
        catch (JsonException ex)
        {
            throw new ConnectorPermanentException(MailchimpMemberMapping.System, "mailchimp: the change cursor is not one this connector made", ex);
        }
    }

    /// <summary>True when a member with this change time and hash was delivered already.</summary>
    public bool Covers(DateTimeOffset changed, string id) =>
        Timestamp is { } t && (changed < t || (changed == t && Ids.Contains(id, StringComparer.Ordinal)));

    /// <summary>The cursor after delivering a member changed at <paramref name="changed"/> (members arrive oldest first).</summary>
    public MailchimpCursor After(DateTimeOffset changed, string id) => Timestamp is { } t && changed == t
        ? this with { Ids = [.. Ids, id] }
        : Timestamp is { } later && changed < later ? this : new MailchimpCursor(changed, [id]);

    public override string ToString() => JsonSerializer.Serialize(this);
}
