using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace IntegrationHub.Host.Customers;

/// <summary>
/// Validates and normalises a canonical customer payload, collecting every problem (keyed by field) rather than
/// stopping at the first. Rules: <c>name</c> required, trimmed, inner whitespace collapsed, at most 200 characters;
/// <c>creditCode</c> (optional) a valid unified social credit code, upper-cased without spaces; <c>phone</c> (optional)
/// to E.164 with libphonenumber (numbers without a country code are read in the default region); <c>email</c>
/// (optional) one address, domain lower-cased; <c>address</c> (optional) a string trimmed, or parts
/// <c>{street, city, province, postalCode, country}</c> each trimmed with <c>country</c> an ISO 3166 alpha-2 code.
/// Other fields pass through unchanged.
/// </summary>
internal static partial class CustomerNormalizer
{
    public const int MaxNameLength = 200;
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    // Country codes from libphonenumber's metadata (every ISO 3166 alpha-2 country with a numbering plan); the host runs
    // with invariant globalization, so RegionInfo has no list to offer.
    private static readonly HashSet<string> Regions = Phones.GetSupportedRegions().ToHashSet(StringComparer.Ordinal);

    public static (JsonObject? Customer, Dictionary<string, string> Problems) Normalize(JsonElement payload, string defaultRegion)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (payload.ValueKind != JsonValueKind.Object)
        {
            problems["$"] = "a customer must be a JSON object";
            return (null, problems);
        }

        var customer = JsonNode.Parse(payload.GetRawText())!.AsObject();
        Name(customer, problems);
        Text(customer, "creditCode", problems, code =>
        {
            var clean = code.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            return UnifiedSocialCreditCode.Check(clean) is { } why ? (null, why) : (clean, null);
        });
        Text(customer, "phone", problems, phone => Phone(phone, defaultRegion));
        Text(customer, "email", problems, Email);
        Address(customer, problems);
        return (problems.Count == 0 ? customer : null, problems);
    }

    private static void Name(JsonObject customer, Dictionary<string, string> problems)
    {
        var name = customer["name"] is JsonValue v && v.TryGetValue<string>(out var text) ? Whitespace().Replace(text.Trim(), " ") : null;
        if (string.IsNullOrEmpty(name))
        {
            problems["name"] = "name is required";
        }
        else if (name.Length > MaxNameLength)
        {
            problems["name"] = $"name must be at most {MaxNameLength} characters";
        }
        else
        {
            customer["name"] = name;
        }
    }

    /// <summary>Normalises an optional string field; empty means absent.</summary>
    private static void Text(JsonObject customer, string field, Dictionary<string, string> problems, Func<string, (string? Value, string? Problem)> normalize)
    {
        switch (customer[field])
        {
            case null:
                return;
            case JsonValue v when v.TryGetValue<string>(out var text):
                if (string.IsNullOrWhiteSpace(text))
                {
                    customer[field] = null;
                    return;
                }

                var (value, problem) = normalize(text.Trim());
                if (problem is not null)
                {
                    problems[field] = $"{field} {problem}";
                }
                else
                {
                    customer[field] = value;
                }

                return;
            default:
                problems[field] = $"{field} must be a string";
                return;
        }
    }

    private static (string?, string?) Phone(string phone, string defaultRegion)
    {
        try
        {
            var number = Phones.Parse(phone, defaultRegion);
            return Phones.IsValidNumber(number)
                ? (Phones.Format(number, PhoneNumberFormat.E164), null)
                : (null, $"'{phone}' is not a valid phone number (read in region {defaultRegion} when it has no country code)");
        }
        catch (NumberParseException)
        {
            return (null, $"'{phone}' is not a phone number");
        }
    }

    private static (string?, string?) Email(string email)
    {
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            return (null, $"'{email}' is not one e-mail address");
        }

        return ($"{address.User}@{address.Host.ToLowerInvariant()}", null);
    }

    private static void Address(JsonObject customer, Dictionary<string, string> problems)
    {
        switch (customer["address"])
        {
            case null:
                return;
            case JsonValue v when v.TryGetValue<string>(out var text):
                customer["address"] = string.IsNullOrWhiteSpace(text) ? null : Whitespace().Replace(text.Trim(), " ");
                return;
            case JsonObject parts:
                foreach (var key in parts.Select(p => p.Key).ToList())
                {
                    if (parts[key] is JsonValue part && part.TryGetValue<string>(out var value))
                    {
                        parts[key] = string.IsNullOrWhiteSpace(value) ? null : Whitespace().Replace(value.Trim(), " ");
                    }
                    else if (parts[key] is not null)
                    {
                        problems[$"address.{key}"] = $"address.{key} must be a string";
                    }
                }

                if (parts["country"] is JsonValue c && c.TryGetValue<string>(out var country))
                {
                    var code = country.ToUpperInvariant();
                    if (!Regions.Contains(code))
                    {
                        problems["address.country"] = $"address.country '{country}' is not an ISO 3166 alpha-2 country code";
                    }
                    else
                    {
                        parts["country"] = code;
                    }
                }

                return;
            default:
                problems["address"] = "address must be a string or an object of parts";
                return;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
