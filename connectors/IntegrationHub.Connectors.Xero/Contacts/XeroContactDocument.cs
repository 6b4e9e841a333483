using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Xero.Receivables;
using IntegrationHub.Connectors.Xero.Records;

namespace IntegrationHub.Connectors.Xero.Contacts;

/// <summary>
/// A Xero contact as the canonical customer and back. Canonical: <c>{number, name, email, phone, taxId, address, active,
/// updatedAt}</c>: <c>number</c> is the <c>ContactNumber</c> (Xero's field "used to identify contacts in external systems",
/// at most 50 characters, the key the hub writes under), <c>phone</c> the <c>DEFAULT</c> phone, <c>address</c> the
/// <c>STREET</c> address as parts <c>{street, city, province, postalCode, country}</c> (a string is written as its first
/// line), <c>active</c> false for an <c>ARCHIVED</c> contact. The external id is the ContactID, the source version
/// <c>UpdatedDateUTC</c> (Unix ms). Pure functions; a record that cannot be mapped throws <see cref="FormatException"/> naming the field.
/// </summary>
internal sealed class XeroContactDocument : IXeroDocument
{
    public const int MaxNumberLength = 50;
    public const int MaxNameLength = 255;

    public CanonicalEntity Entity => CanonicalEntity.Customer;

    public string Collection => "Contacts";

    public string? ChangesWhere => null;

    public string IdField => "ContactID";

    public string NumberField => "ContactNumber";

    public IDictionary<string, string> ByNumbers(IReadOnlyCollection<string> numbers) => new Dictionary<string, string>
    {
        ["where"] = string.Join(" OR ", numbers.Select(n => $"ContactNumber==\"{n.Replace("\"", "", StringComparison.Ordinal)}\"")),
    };

    public bool Accepts(JsonElement item) => true;

    public CanonicalRecord ToRecord(JsonElement contact)
    {
        var id = Text(contact, "ContactID") ?? throw new FormatException("contact without ContactID");
        var updated = XeroDates.Parse(Text(contact, "UpdatedDateUTC")).ToUniversalTime();
        var payload = new JsonObject
        {
            ["number"] = Text(contact, "ContactNumber"),
            ["name"] = Text(contact, "Name"),
            ["email"] = Blank(Text(contact, "EmailAddress")),
            ["phone"] = Phone(contact),
            ["taxId"] = Blank(Text(contact, "TaxNumber")),
            ["address"] = Address(contact),
            ["active"] = Text(contact, "ContactStatus") != "ARCHIVED",
            ["updatedAt"] = updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        return new CanonicalRecord(XeroServiceCollectionExtensions.HttpClientName, CanonicalEntity.Customer, id, updated.ToUnixTimeMilliseconds(),
            JsonSerializer.SerializeToElement(payload));
    }

    public string NumberOf(CanonicalRecord record) =>
        Text(record.Payload, "number") is { Length: > 0 and <= MaxNumberLength } number ? number : throw new FormatException($"number is required (1-{MaxNumberLength} characters)");

    public JsonObject ToXero(CanonicalRecord record, string? id)
    {
        var p = record.Payload;
        var contact = new JsonObject
        {
            ["ContactNumber"] = NumberOf(record),
            ["Name"] = Text(p, "name")?.Trim() is { Length: > 0 and <= MaxNameLength } name ? name : throw new FormatException($"name is required (1-{MaxNameLength} characters)"),
        };
        if (id is not null)
        {
            contact["ContactID"] = id;
        }

        contact["EmailAddress"] = Text(p, "email") ?? "";
        contact["TaxNumber"] = Text(p, "taxId") ?? "";
        contact["Phones"] = new JsonArray(new JsonObject { ["PhoneType"] = "DEFAULT", ["PhoneNumber"] = Text(p, "phone") ?? "" });
        contact["Addresses"] = new JsonArray(StreetAddress(p));
        if (p.TryGetProperty("active", out var active) && active.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            contact["ContactStatus"] = active.GetBoolean() ? "ACTIVE" : "ARCHIVED";
        }

        return contact;
    }

    private static JsonObject StreetAddress(JsonElement payload)
    {
        var address = new JsonObject { ["AddressType"] = "STREET" };
        if (!payload.TryGetProperty("address", out var a))
        {
            return address;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.String:
                address["AddressLine1"] = a.GetString();
                break;
            case JsonValueKind.Object:
                address["AddressLine1"] = Text(a, "street");
                address["City"] = Text(a, "city");
                address["Region"] = Text(a, "province");
                address["PostalCode"] = Text(a, "postalCode");
                address["Country"] = Text(a, "country");
                break;
            case JsonValueKind.Null:
                break;
            default:
                throw new FormatException("address must be a string or an object of parts");
        }

        return address;
    }

    private static string? Phone(JsonElement contact)
    {
        if (!contact.TryGetProperty("Phones", out var phones) || phones.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var phone = phones.EnumerateArray().FirstOrDefault(p => Text(p, "PhoneType") == "DEFAULT");
        if (phone.ValueKind != JsonValueKind.Object || Blank(Text(phone, "PhoneNumber")) is not { } number)
        {
            return null;
        }

        var prefix = string.Concat(Text(phone, "PhoneCountryCode") is { Length: > 0 } cc ? "+" + cc.TrimStart('+') : "", Text(phone, "PhoneAreaCode") ?? "");
        return prefix + number;
    }

    private static JsonObject? Address(JsonElement contact)
    {
        if (!contact.TryGetProperty("Addresses", out var addresses) || addresses.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var street = addresses.EnumerateArray().FirstOrDefault(a => Text(a, "AddressType") == "STREET");
        if (street.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new JsonObject
        {
            ["street"] = Blank(Text(street, "AddressLine1")),
            ["city"] = Blank(Text(street, "City")),
            ["province"] = Blank(Text(street, "Region")),
            ["postalCode"] = Blank(Text(street, "PostalCode")),
            ["country"] = Blank(Text(street, "Country")),
        };
        return parts.Any(p => p.Value is not null) ? parts : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string? Text(JsonElement o, string name) => XeroJson.Text(o, name);
}
