using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>
/// The sandbox org's records per sObject. Writes are validated like Salesforce validates them (unknown or read-only fields,
/// required fields, the Order Status picklist, account references by external id) and stamp <c>SystemModstamp</c>.
/// </summary>
public sealed class SalesforceRecordStore(TimeProvider time)
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _objects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Account"] = new(StringComparer.Ordinal),
        ["Order"] = new(StringComparer.Ordinal),
    };

    private readonly Lock _lock = new();
    private long _sequence = 1000;
    private int _orderNumber = 100;

    public int Count(string sobject)
    {
        lock (_lock)
        {
            return _objects[sobject].Count;
        }
    }

    public IReadOnlyList<JsonObject> All(string sobject)
    {
        lock (_lock)
        {
            return _objects[sobject].Values.Select(r => (JsonObject)r.DeepClone()).ToList();
        }
    }

    public JsonObject? Get(string sobject, string id)
    {
        lock (_lock)
        {
            return _objects[sobject].TryGetValue(id, out var r) ? (JsonObject)r.DeepClone() : null;
        }
    }

    /// <summary>The records whose <paramref name="field"/> equals <paramref name="value"/> (0, 1 or, for a non-unique field, more).</summary>
    public IReadOnlyList<JsonObject> Find(string sobject, string field, string value)
    {
        lock (_lock)
        {
            return _objects[sobject].Values.Where(r => r[field] is JsonValue v && v.TryGetValue<string>(out var s) && s == value).Select(r => (JsonObject)r.DeepClone()).ToList();
        }
    }

    /// <summary>Adds a seeded record with its own timestamps; answers its id.</summary>
    internal string Seed(SalesforceSchema schema, JsonObject fields, DateTimeOffset modified)
    {
        lock (_lock)
        {
            var id = SalesforceSandboxIds.Make(schema.KeyPrefix, ++_sequence);
            var record = (JsonObject)fields.DeepClone();
            record["Id"] = id;
            Stamp(schema, record, modified, created: true);
            _objects[schema.Name][id] = record;
            return id;
        }
    }

    /// <summary>
    /// Upserts by an external id field (Salesforce's <c>PATCH /sobjects/X/Field/value</c> semantics): created when no record has
    /// the value, updated when one has it, an error when several have it.
    /// </summary>
    internal (string Id, bool Created)? Upsert(SalesforceSchema schema, string externalIdField, string externalId, JsonObject fields, out SalesforceSaveError? error)
    {
        lock (_lock)
        {
            var records = _objects[schema.Name];
            var matches = records.Values.Where(r => r[externalIdField] is JsonValue v && v.TryGetValue<string>(out var s) && s == externalId).ToList();
            if (matches.Count > 1)
            {
                error = new SalesforceSaveError("DUPLICATE_EXTERNAL_ID", $"{externalIdField}: more than one record found for external id field: [{string.Join(", ", matches.Select(m => m["Id"]))}]", externalIdField);
                return null;
            }

            var current = matches.SingleOrDefault();
            var record = current is null ? new JsonObject() : (JsonObject)current.DeepClone();
            error = Apply(schema, record, fields, creating: current is null);
            if (error is not null)
            {
                return null;
            }

            record[externalIdField] = externalId;
            var id = current?["Id"]!.GetValue<string>() ?? SalesforceSandboxIds.Make(schema.KeyPrefix, ++_sequence);
            record["Id"] = id;
            Stamp(schema, record, time.GetUtcNow(), created: current is null);
            records[id] = record;
            return (id, current is null);
        }
    }

    private SalesforceSaveError? Apply(SalesforceSchema schema, JsonObject record, JsonObject fields, bool creating)
    {
        foreach (var (name, value) in fields)
        {
            if (name == "attributes")
            {
                continue;
            }

            if (schema.Name == "Order" && name == "Account")
            {
                if (value is not JsonObject reference || reference.Count != 1 || reference.First() is not { Key: var refField, Value: JsonValue refValue }
                    || !SalesforceSchema.Account.Has(refField))
                {
                    return new SalesforceSaveError("INVALID_FIELD", "Account: a reference must name one external id field of Account", "Account");
                }

                var target = refValue.ToString();
                var account = _objects["Account"].Values.FirstOrDefault(a => a[refField]?.ToString() == target);
                if (account is null)
                {
                    return new SalesforceSaveError("INVALID_FIELD", $"Foreign key external ID: {target} not found for field {refField} in entity Account", "AccountId");
                }

                record["AccountId"] = account["Id"]!.GetValue<string>();
                continue;
            }

            if (schema.ReadOnly.Contains(name))
            {
                return new SalesforceSaveError("INVALID_FIELD_FOR_INSERT_UPDATE", $"Unable to create/update fields: {name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", name);
            }

            if (!schema.Writable.Contains(name))
            {
                return new SalesforceSaveError("INVALID_FIELD", $"No such column '{name}' on sobject of type {schema.Name}", name);
            }

            record[name] = value?.DeepClone();
        }

        foreach (var required in schema.Required)
        {
            if (record[required] is null || (record[required] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0))
            {
                return new SalesforceSaveError("REQUIRED_FIELD_MISSING", $"Required fields are missing: [{required}]", required);
            }
        }

        if (schema.Name == "Order")
        {
            var status = record["Status"]?.ToString();
            if (status is null || !SalesforceSchema.OrderStatuses.Contains(status))
            {
                return new SalesforceSaveError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", $"Status: bad value for restricted picklist field: {status}", "Status");
            }

            if (!DateOnly.TryParseExact(record["EffectiveDate"]?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return new SalesforceSaveError("INVALID_TYPE_ON_FIELD_IN_RECORD", "Order Start Date: value not of required type", "EffectiveDate");
            }
        }

        return null;
    }

    private void Stamp(SalesforceSchema schema, JsonObject record, DateTimeOffset modified, bool created)
    {
        var text = SalesforceTime.Format(modified);
        record["SystemModstamp"] = text;
        record["LastModifiedDate"] = text;
        if (created)
        {
            record["CreatedDate"] = text;
        }

        if (schema.Name == "Order")
        {
            if (created && record["OrderNumber"] is null)
            {
                record["OrderNumber"] = (++_orderNumber).ToString("D8", CultureInfo.InvariantCulture);
            }

            record["StatusCode"] = record["Status"]?.ToString();
            record["TotalAmount"] ??= 0m;
        }
    }
}
