using System.Text.Json;
using System.Text.Json.Nodes;
using static IntegrationHub.Connectors.Kingdee.Records.KingdeeValues;


namespace IntegrationHub.Connectors.Kingdee.Customers;

/// <summary>
/// <c>BD_Customer</c> as the canonical customer <c>{number, name, shortName, phone, taxId, currency, status, active, hubVersion,
/// modifiedAt}</c>. <c>FForbidStatus</c> A is active, B forbidden. <c>hubVersion</c> is the source version the hub last wrote
/// into <see cref="KingdeeOptions.SourceVersionField"/>, null for a customer the hub never wrote (one born in the ERP): a
/// flow taking ERP customers to the CRM tells its own writes from the ERP's by it.
/// </summary>
internal sealed class KingdeeCustomerMapping(KingdeeOptions options, KingdeeCurrencies currencies) : IKingdeeMapping
{
    public const string Id = "BD_Customer";

    public string FormId => Id;

    public CanonicalEntity Entity => CanonicalEntity.Customer;

    public IReadOnlyList<string> HeaderKeys { get; } =
        ["FCUSTID", "FNumber", "FModifyDate", "FName", "FShortName", "FTEL", "FTAXREGISTERCODE", "FTRADINGCURRID.FNumber", "FDocumentStatus", "FForbidStatus",
            .. options.SourceVersionField.Length > 0 ? [options.SourceVersionField] : Array.Empty<string>()];

    public Task<IReadOnlyList<CanonicalRecord>> ToRecordsAsync(IReadOnlyList<JsonElement[]> rows, KingdeeClient client, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CanonicalRecord>>(rows.Select(FromRow).ToArray());

    public CanonicalRecord FromRow(JsonElement[] row)
    {
        var number = Text(row[1]) ?? throw new FormatException("BD_Customer row without FNumber");
        var modified = Utc(LocalDateTime(row[2], $"FModifyDate of customer {number}"), options.ServerUtcOffset);
        var currency = Text(row[7]);
        return Record(number, modified, new JsonObject
        {
            ["number"] = number,
            ["name"] = Text(row[3]),
            ["shortName"] = Text(row[4]),
            ["phone"] = Text(row[5]),
            ["taxId"] = Text(row[6]),
            ["currency"] = string.IsNullOrEmpty(currency) ? null : currencies.CodeOf(currency),
            ["status"] = KingdeeDocumentStatus.ToCanonical(Text(row[8])),
            ["active"] = Text(row[9]) != "B",
            ["hubVersion"] = row.Length > 10 ? HubVersion(row[10]) : null,
        });
    }

    public CanonicalRecord FromView(JsonElement model)
    {
        var number = Text(Property(model, "Number")) ?? throw new FormatException("BD_Customer model without Number");
        var modified = Utc(LocalDateTime(Property(model, "ModifyDate"), $"ModifyDate of customer {number}"), options.ServerUtcOffset);
        var currency = ReferenceNumber(Property(model, "TRADINGCURRID"));
        return Record(number, modified, new JsonObject
        {
            ["number"] = number,
            ["name"] = Localized(Property(model, "Name"), options.Lcid),
            ["shortName"] = Localized(Property(model, "ShortName"), options.Lcid),
            ["phone"] = Text(Property(model, "TEL")),
            ["taxId"] = Text(Property(model, "TAXREGISTERCODE")),
            ["currency"] = string.IsNullOrEmpty(currency) ? null : currencies.CodeOf(currency),
            ["status"] = KingdeeDocumentStatus.ToCanonical(Text(Property(model, "DocumentStatus"))),
            ["active"] = Text(Property(model, "ForbidStatus")) != "B",
            ["hubVersion"] = options.SourceVersionField.Length > 0 ? HubVersion(Property(model, options.SourceVersionField)) : null,
        });
    }

    /// <summary>The stored source version when the hub wrote one (a positive whole number), else null.</summary>
    private static long? HubVersion(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) && n > 0 => n,
        JsonValueKind.String when long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 => n,
        _ => null,
    };

    public string NumberOf(CanonicalRecord record) => KingdeePayload.RequiredText(record.Payload, "number");

    public JsonObject ToModel(CanonicalRecord record, long id)
    {
        var p = record.Payload;
        var model = new JsonObject
        {
            ["FCUSTID"] = id,
            ["FNumber"] = NumberOf(record),
            ["FName"] = KingdeePayload.RequiredText(p, "name"),
            ["FCreateOrgId"] = new JsonObject { ["FNumber"] = options.OrgNumber },
            ["FUseOrgId"] = new JsonObject { ["FNumber"] = options.OrgNumber },
        };
        Optional(model, "FShortName", KingdeePayload.OptionalText(p, "shortName"));
        Optional(model, "FTEL", KingdeePayload.OptionalText(p, "phone"));
        Optional(model, "FTAXREGISTERCODE", KingdeePayload.OptionalText(p, "taxId"));
        if (KingdeePayload.OptionalText(p, "currency") is { } currency)
        {
            model["FTRADINGCURRID"] = new JsonObject { ["FNumber"] = currencies.NumberOf(currency) };
        }

        if (options.SourceVersionField.Length > 0)
        {
            model[options.SourceVersionField] = record.SourceVersion;
        }

        return model;
    }

    private static void Optional(JsonObject model, string key, string? value)
    {
        if (value is not null)
        {
            model[key] = value;
        }
    }

    private static CanonicalRecord Record(string number, DateTimeOffset modified, JsonObject payload)
    {
        payload["modifiedAt"] = KingdeePayload.Iso(modified);
        return new CanonicalRecord(KingdeeServiceCollectionExtensions.HttpClientName, CanonicalEntity.Customer, number, modified.ToUnixTimeMilliseconds(),
            KingdeePayload.ToElement(payload));
    }
}
