using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Nodes;
using static IntegrationHub.Sandbox.Xero.XeroInvoiceStore;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// The sandbox organisation's contacts, written as Xero writes them: a contact sent with a <c>ContactID</c> updates that
/// contact (404-like validation error when unknown), one sent without it updates the contact with the same
/// <c>ContactNumber</c>, else a new contact is created. Xero's rules are checked per contact: a name is required (at most
/// 255 characters) and unique among active contacts, <c>ContactNumber</c> at most 50 characters, <c>EmailAddress</c> one
/// valid address. Fields not sent keep their value; <c>UpdatedDateUTC</c> is stamped on every change.
/// </summary>
public sealed class XeroContactStore(TimeProvider time)
{
    private readonly Dictionary<Guid, (JsonObject Contact, long UpdatedMs)> _contacts = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _contacts.Count;
            }
        }
    }

    /// <summary>Copies of every contact, oldest change first.</summary>
    public IReadOnlyList<JsonObject> All() => List(null, null);

    /// <summary>One contact by ContactID or ContactNumber (a copy), or null.</summary>
    public JsonObject? Get(string idOrNumber)
    {
        lock (_lock)
        {
            return Find(idOrNumber) is { } found ? Output(found.Contact, found.UpdatedMs) : null;
        }
    }

    /// <summary>Sets a field as a Xero user would (e.g. a new phone), stamping UpdatedDateUTC.</summary>
    public void Set(string idOrNumber, string field, JsonNode? value)
    {
        lock (_lock)
        {
            var (contact, _) = Find(idOrNumber) ?? throw new KeyNotFoundException(idOrNumber);
            contact[field] = value?.DeepClone();
            _contacts[Guid.Parse(Text(contact["ContactID"])!)] = (contact, time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Contacts changed at or after <paramref name="sinceMs"/> with one of <paramref name="numbers"/>, oldest change first (ties by ContactID).</summary>
    internal List<JsonObject> List(long? sinceMs, IReadOnlySet<string>? numbers)
    {
        lock (_lock)
        {
            return _contacts.Values
                .Where(c => sinceMs is null || c.UpdatedMs >= sinceMs)
                .Where(c => numbers is null || numbers.Contains(Text(c.Contact["ContactNumber"]) ?? ""))
                .OrderBy(c => c.UpdatedMs).ThenBy(c => Text(c.Contact["ContactID"]), StringComparer.Ordinal)
                .Select(c => Output(c.Contact, c.UpdatedMs)).ToList();
        }
    }

    /// <summary>Checks and saves each contact in order; unless <paramref name="allOrNothing"/> and one failed, the valid ones are kept.</summary>
    internal List<(JsonObject Answer, bool Ok)> Save(IReadOnlyList<JsonObject> contacts, bool allOrNothing)
    {
        lock (_lock)
        {
            var snapshot = allOrNothing ? _contacts.ToDictionary(p => p.Key, p => ((JsonObject)p.Value.Contact.DeepClone(), p.Value.UpdatedMs)) : null;
            var answers = contacts.Select(SaveOne).ToList();
            if (snapshot is not null && answers.Any(a => !a.Ok))
            {
                _contacts.Clear();
                foreach (var (id, row) in snapshot)
                {
                    _contacts[id] = row;
                }

            }

            return answers;
        }
    }

    /// <summary>The contact an invoice names (by ContactID, ContactNumber or Name), created when new and named; null with an error otherwise.</summary>
    internal JsonObject? ForInvoice(JsonObject? given, List<string> errors)
    {
        lock (_lock)
        {
            if (given is null)
            {
                errors.Add("A Contact must be specified for this type of transaction.");
                return null;
            }

            if (Guid.TryParse(Text(given["ContactID"]), out var id))
            {
                if (_contacts.TryGetValue(id, out var byId))
                {
                    return Summary(byId.Contact);
                }

                errors.Add("Contact could not be found.");
                return null;
            }

            var number = Text(given["ContactNumber"]);
            var name = Text(given["Name"]);
            var match = _contacts.Values.Select(c => c.Contact).FirstOrDefault(c => number is not null && Text(c["ContactNumber"]) == number)
                ?? _contacts.Values.Select(c => c.Contact).FirstOrDefault(c => name is not null && string.Equals(Text(c["Name"]), name, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return Summary(match);
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add("The contact name must be specified.");
                return null;
            }

            return Summary(new JsonObject { ["ContactID"] = Guid.NewGuid().ToString(), ["ContactNumber"] = number, ["Name"] = name, ["ContactStatus"] = "ACTIVE" });
        }
    }

    /// <summary>
    /// Keeps a contact an invoice created (see <see cref="ForInvoice"/>) unless it exists already, and answers the contact
    /// the invoice names: the one kept, or one with the same ContactNumber that another invoice of the same batch created
    /// first (Xero creates one contact for a number, however many invoices of a batch name it).
    /// </summary>
    internal JsonObject Adopt(JsonObject summary)
    {
        lock (_lock)
        {
            var id = Guid.Parse(Text(summary["ContactID"])!);
            if (_contacts.ContainsKey(id))
            {
                return summary;
            }

            if (Text(summary["ContactNumber"]) is { } number
                && _contacts.Values.Select(c => c.Contact).FirstOrDefault(c => Text(c["ContactNumber"]) == number) is { } same)
            {
                return Summary(same);
            }

            _contacts[id] = ((JsonObject)summary.DeepClone(), time.GetUtcNow().ToUnixTimeMilliseconds());
            return summary;
        }
    }

    internal void Seed(JsonObject contact, long updatedMs) => _contacts[Guid.Parse(Text(contact["ContactID"])!)] = (contact, updatedMs);

    private (JsonObject Answer, bool Ok) SaveOne(JsonObject input)
    {
        var errors = new List<string>();
        var idText = Text(input["ContactID"]);
        var number = Text(input["ContactNumber"]);
        (JsonObject Contact, long UpdatedMs)? existing = null;
        if (idText is not null)
        {
            existing = Guid.TryParse(idText, out var id) && _contacts.TryGetValue(id, out var byId) ? byId : null;
            if (existing is null)
            {
                errors.Add($"The contact with ContactID '{idText}' could not be found.");
            }
        }
        else if (number is not null)
        {
            existing = _contacts.Values.Where(c => Text(c.Contact["ContactNumber"]) == number).Select(c => ((JsonObject, long)?)c).FirstOrDefault();
        }

        var contact = existing is { } e ? (JsonObject)e.Contact.DeepClone() : new JsonObject { ["ContactID"] = Guid.NewGuid().ToString(), ["ContactStatus"] = "ACTIVE" };
        foreach (var (key, value) in input)
        {
            if (key != "ContactID")
            {
                contact[key] = value?.DeepClone();
            }
        }

        Check(contact, errors);
        if (errors.Count > 0)
        {
            var echo = (JsonObject)input.DeepClone();
            echo["ContactID"] = Guid.Empty.ToString();
            echo["HasValidationErrors"] = true;
            echo["StatusAttributeString"] = "ERROR";
            echo["ValidationErrors"] = new JsonArray(errors.Select(m => (JsonNode)new JsonObject { ["Message"] = m }).ToArray());
            return (echo, false);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        _contacts[Guid.Parse(Text(contact["ContactID"])!)] = (contact, now);
        var answer = Output(contact, now);
        answer["StatusAttributeString"] = "OK";
        return (answer, true);
    }

    private void Check(JsonObject contact, List<string> errors)
    {
        var name = Text(contact["Name"])?.Trim();
        var id = Text(contact["ContactID"]);
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("The contact name must be specified.");
        }
        else if (name.Length > 255)
        {
            errors.Add("The contact name must be 255 characters or less.");
        }
        else if (_contacts.Values.Any(c => Text(c.Contact["ContactID"]) != id && Text(c.Contact["ContactStatus"]) != "ARCHIVED"
            && string.Equals(Text(c.Contact["Name"])?.Trim(), name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"The contact name {name} is already assigned to another contact. The contact name must be unique across all active contacts.");
        }

        if (Text(contact["ContactNumber"]) is { Length: > 50 })
        {
            errors.Add("The ContactNumber must be 50 characters or less.");
        }

        if (Text(contact["EmailAddress"]) is { Length: > 0 } email && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            errors.Add("Email address must be valid.");
        }

        if (Text(contact["ContactStatus"]) is { } status && status is not ("ACTIVE" or "ARCHIVED"))
        {
            errors.Add($"ContactStatus '{status}' must be ACTIVE or ARCHIVED.");
        }
    }

    private (JsonObject Contact, long UpdatedMs)? Find(string idOrNumber) =>
        Guid.TryParse(idOrNumber, out var id)
            ? _contacts.TryGetValue(id, out var byId) ? byId : null
            : _contacts.Values.Where(c => Text(c.Contact["ContactNumber"]) == idOrNumber).Select(c => ((JsonObject, long)?)c).FirstOrDefault();

    private static JsonObject Summary(JsonObject contact) => new()
    {
        ["ContactID"] = Text(contact["ContactID"]),
        ["ContactNumber"] = Text(contact["ContactNumber"]),
        ["Name"] = Text(contact["Name"]),
    };

    private static JsonObject Output(JsonObject contact, long updatedMs)
    {
        var copy = (JsonObject)contact.DeepClone();
        copy["UpdatedDateUTC"] = $"/Date({updatedMs.ToString(CultureInfo.InvariantCulture)}+0000)/";
        copy["IsCustomer"] ??= true;
        return copy;
    }
}
