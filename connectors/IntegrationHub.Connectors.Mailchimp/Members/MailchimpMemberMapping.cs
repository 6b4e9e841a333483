using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>
/// Mailchimp list member <-> canonical marketing contact. Canonical payload (camelCase): <c>email</c>, <c>firstName</c>,
/// <c>lastName</c>, <c>phone</c>, <c>birthday</c> (<c>--MM-DD</c>, Mailchimp's <c>MM/DD</c>), <c>address</c>
/// {<c>street</c>, <c>city</c>, <c>region</c>, <c>postalCode</c>, <c>country</c>}, <c>status</c> (see <see cref="MailchimpStatus"/>),
/// <c>language</c>, <c>vip</c>, <c>tags</c>, <c>signedUpAt</c>/<c>optedInAt</c>/<c>lastChanged</c> (ISO 8601 UTC) and
/// <c>lifetimeValue</c> {<c>amount</c> decimal, <c>currency</c>} from the member's e-commerce stats. Pure functions.
/// </summary>
public static class MailchimpMemberMapping
{
    public const string System = "mailchimp";

    /// <summary>A member as Mailchimp returns it -> a canonical record (external id = subscriber hash, version = last change in Unix ms).</summary>
    /// <exception cref="FormatException">The member lacks <c>id</c>, <c>email_address</c> or a readable <c>last_changed</c>.</exception>
    public static CanonicalRecord ToCanonical(JsonElement member)
    {
        var id = Text(member, "id") ?? throw new FormatException("a Mailchimp member without 'id'");
        var email = Text(member, "email_address") ?? throw new FormatException($"Mailchimp member {id} without 'email_address'");
        var lastChanged = Timestamp(member, "last_changed") ?? throw new FormatException($"Mailchimp member {id} without a readable 'last_changed'");
        var merge = Property(member, "merge_fields");
        var payload = new JsonObject
        {
            ["email"] = email,
            ["firstName"] = NonEmpty(merge, "FNAME"),
            ["lastName"] = NonEmpty(merge, "LNAME"),
            ["phone"] = NonEmpty(merge, "PHONE"),
            ["birthday"] = Birthday(NonEmpty(merge, "BIRTHDAY")),
            ["address"] = Address(merge is { } m ? Property(m, "ADDRESS") : null),
            ["status"] = MailchimpStatus.ToCanonical(Text(member, "status")) ?? Text(member, "status"),
            ["language"] = NonEmpty(member, "language"),
            ["vip"] = Property(member, "vip") is { ValueKind: JsonValueKind.True },
            ["tags"] = new JsonArray(Tags(member).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["signedUpAt"] = Iso(Timestamp(member, "timestamp_signup")),
            ["optedInAt"] = Iso(Timestamp(member, "timestamp_opt")),
            ["lastChanged"] = Iso(lastChanged),
            ["lifetimeValue"] = LifetimeValue(member),
        };
        return new CanonicalRecord(System, CanonicalEntity.MarketingContact, id, lastChanged.ToUnixTimeMilliseconds(), JsonSerializer.SerializeToElement(payload));
    }

    /// <summary>
    /// A canonical marketing contact -> the subscriber hash, the <c>PUT</c> body and the tags to set active. An opt-out
    /// (<c>unsubscribed</c>) is written as <c>status</c> so it wins everywhere; every other status only as
    /// <c>status_if_new</c>, so the hub never re-subscribes someone who unsubscribed in Mailchimp.
    /// </summary>
    /// <exception cref="ConnectorRecordException">The record cannot be written (no email, a status Mailchimp does not accept).</exception>
    public static MailchimpMemberWrite ToWrite(CanonicalRecord record, string? versionMergeField = null)
    {
        var p = record.Payload;
        if (p.ValueKind != JsonValueKind.Object || Text(p, "email") is not { } email || !email.Contains('@', StringComparison.Ordinal))
        {
            throw Refused(record, "invalid-payload", "a marketing contact needs an 'email' address");
        }

        var canonicalStatus = Text(p, "status") ?? "subscribed";
        var status = MailchimpStatus.ToVendor(canonicalStatus)
            ?? throw Refused(record, "invalid-status", $"status '{canonicalStatus}' cannot be written to Mailchimp (only subscribed, unsubscribed, pending, transactional)");
        var merge = new JsonObject();
        Put(merge, "FNAME", Text(p, "firstName"));
        Put(merge, "LNAME", Text(p, "lastName"));
        Put(merge, "PHONE", Text(p, "phone"));
        Put(merge, "BIRTHDAY", ToMonthDay(Text(p, "birthday")));
        if (Property(p, "address") is { ValueKind: JsonValueKind.Object } address && Text(address, "street") is { } street)
        {
            merge["ADDRESS"] = new JsonObject
            {
                ["addr1"] = street,
                ["city"] = Text(address, "city") ?? "",
                ["state"] = Text(address, "region") ?? "",
                ["zip"] = Text(address, "postalCode") ?? "",
                ["country"] = Text(address, "country") ?? "",
            };
        }

        if (!string.IsNullOrEmpty(versionMergeField))
        {
            merge[versionMergeField] = record.SourceVersion;
        }

        var body = new JsonObject { ["email_address"] = email, ["status_if_new"] = status };
        if (status == "unsubscribed")
        {
            body["status"] = status;
        }

        body["merge_fields"] = merge;
        if (Text(p, "language") is { } language)
        {
            body["language"] = language;
        }

        if (Property(p, "vip") is { ValueKind: JsonValueKind.True or JsonValueKind.False } vip)
        {
            body["vip"] = vip.GetBoolean();
        }

        var tags = Property(p, "tags") is { ValueKind: JsonValueKind.Array } t
            ? t.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray()
            : [];
        return new MailchimpMemberWrite(SubscriberHash.Of(email), body, tags);
    }

    /// <summary>Mailchimp's <c>MM/DD</c> birthday -> ISO 8601 <c>--MM-DD</c>; anything else -> <see langword="null"/>.</summary>
    public static string? Birthday(string? monthDay) =>
        monthDay is { Length: 5 } && monthDay[2] == '/' && DateTime.TryParseExact("2000/" + monthDay, "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("--MM-dd", CultureInfo.InvariantCulture)
            : null;

    private static string? ToMonthDay(string? iso) =>
        iso is { Length: 7 } && iso.StartsWith("--", StringComparison.Ordinal) ? iso[2..].Replace('-', '/') : null;

    /// <summary>Mailchimp timestamps: ISO 8601 with an offset (<c>2015-09-15T17:27:16+00:00</c>) or <c>Z</c>; empty means none.</summary>
    public static DateTimeOffset? Timestamp(JsonElement element, string name) =>
        Text(element, name) is { Length: > 0 } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : null;

    private static JsonObject? LifetimeValue(JsonElement member)
    {
        if (Property(member, "stats") is not { } stats || Property(stats, "ecommerce_data") is not { ValueKind: JsonValueKind.Object } data
            || Property(data, "total_revenue") is not { ValueKind: JsonValueKind.Number } revenue || Text(data, "currency_code") is not { Length: 3 } currency)
        {
            return null;
        }

        return new JsonObject { ["amount"] = revenue.GetDecimal(), ["currency"] = currency.ToUpperInvariant() };
    }

    private static JsonObject? Address(JsonElement? address)
    {
        // An empty ADDRESS merge field is "" rather than an object.
        if (address is not { ValueKind: JsonValueKind.Object } a || NonEmpty(a, "addr1") is not { } line1)
        {
            return null;
        }

        return new JsonObject
        {
            ["street"] = NonEmpty(a, "addr2") is { } line2 ? $"{line1}\n{line2}" : line1,
            ["city"] = NonEmpty(a, "city"),
            ["region"] = NonEmpty(a, "state"),
            ["postalCode"] = NonEmpty(a, "zip"),
            ["country"] = NonEmpty(a, "country"),
        };
    }

    private static IEnumerable<string> Tags(JsonElement member) =>
        Property(member, "tags") is { ValueKind: JsonValueKind.Array } tags
            ? tags.EnumerateArray().Select(t => Text(t, "name")).OfType<string>()
            : [];

    private static string? Iso(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Put(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static ConnectorRecordException Refused(CanonicalRecord record, string code, string message) =>
        new(System, new RecordError(record.Identity, code, message));

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string? NonEmpty(JsonElement? element, string name) => Text(element, name) is { Length: > 0 } s ? s : null;
}
