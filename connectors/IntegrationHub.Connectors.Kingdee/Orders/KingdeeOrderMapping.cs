using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static IntegrationHub.Connectors.Kingdee.Records.KingdeeValues;


namespace IntegrationHub.Connectors.Kingdee.Orders;

/// <summary>
/// <c>SAL_SaleOrder</c> as the canonical order <c>{orderNumber, customerNumber, customerName, orderDate, currency, lines[{sku,
/// quantity, unitPrice, unitPriceInclTax, taxRate}], totalAmount, status, notes, modifiedAt}</c>. K3Cloud's tax rate
/// (<c>FEntryTaxRate</c>) is a percentage, the canonical one a fraction; <c>FPrice</c> excludes tax and <c>FTaxPrice</c>
/// includes it. Header rows come from one query, their entries (<c>FSaleOrderEntry</c>) from a second one by FID.
/// </summary>
internal sealed class KingdeeOrderMapping(KingdeeOptions options, KingdeeCurrencies currencies) : IKingdeeMapping
{
    public const string Id = "SAL_SaleOrder";
    public const string BillType = "XSDD01_SYS"; // standard sales order
    private static readonly string[] EntryKeys = ["FID", "FSaleOrderEntry_FEntryID", "FMaterialId.FNumber", "FQty", "FPrice", "FTaxPrice", "FEntryTaxRate"];

    public string FormId => Id;

    public CanonicalEntity Entity => CanonicalEntity.Order;

    public IReadOnlyList<string> HeaderKeys { get; } =
        ["FID", "FBillNo", "FModifyDate", "FDate", "FCustId.FNumber", "FCustId.FName", "FSettleCurrId.FNumber", "FBillAllAmount", "FDocumentStatus", "FNote"];

    public async Task<IReadOnlyList<CanonicalRecord>> ToRecordsAsync(IReadOnlyList<JsonElement[]> rows, KingdeeClient client, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => Long(r[0], "FID")).ToArray();
        var lines = await ReadEntriesAsync(client, ids, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => FromRow(r, lines.TryGetValue(Long(r[0], "FID"), out var l) ? l : [])).ToArray();
    }

    public CanonicalRecord FromRow(JsonElement[] row, IReadOnlyList<JsonObject> lines)
    {
        var number = Text(row[1]) ?? throw new FormatException("SAL_SaleOrder row without FBillNo");
        var modified = Utc(LocalDateTime(row[2], $"FModifyDate of order {number}"), options.ServerUtcOffset);
        return Record(number, modified, new JsonObject
        {
            ["orderNumber"] = number,
            ["customerNumber"] = Text(row[4]),
            ["customerName"] = Text(row[5]),
            ["orderDate"] = DateOnly.FromDateTime(LocalDateTime(row[3], $"FDate of order {number}")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = currencies.CodeOf(Text(row[6]) ?? throw new FormatException($"order {number} has no FSettleCurrId")),
            ["lines"] = new JsonArray(lines.Select(l => (JsonNode)l.DeepClone()).ToArray()),
            ["totalAmount"] = Decimal(row[7], $"FBillAllAmount of order {number}"),
            ["status"] = KingdeeDocumentStatus.ToCanonical(Text(row[8])),
            ["notes"] = Text(row[9]),
        });
    }

    public CanonicalRecord FromView(JsonElement model)
    {
        var number = Text(Property(model, "BillNo")) ?? throw new FormatException("SAL_SaleOrder model without BillNo");
        var modified = Utc(LocalDateTime(Property(model, "ModifyDate"), $"ModifyDate of order {number}"), options.ServerUtcOffset);
        var customer = Property(model, "CustId");
        var finance = Property(model, "SaleOrderFinance");
        if (finance.ValueKind == JsonValueKind.Array)
        {
            finance = finance.EnumerateArray().FirstOrDefault(); // a single-row sub-entity, answered as an array of one
        }

        var entries = Property(model, "SaleOrderEntry");
        var lines = entries.ValueKind == JsonValueKind.Array
            ? entries.EnumerateArray().Select(e => Line(
                ReferenceNumber(Property(e, "MaterialId")), Property(e, "Qty"), Property(e, "Price"), Property(e, "TaxPrice"), Property(e, "EntryTaxRate"), number))
            : [];
        return Record(number, modified, new JsonObject
        {
            ["orderNumber"] = number,
            ["customerNumber"] = ReferenceNumber(customer),
            ["customerName"] = Localized(Property(customer, "Name"), options.Lcid),
            ["orderDate"] = DateOnly.FromDateTime(LocalDateTime(Property(model, "Date"), $"Date of order {number}")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = currencies.CodeOf(ReferenceNumber(Property(finance, "SettleCurrId")) ?? throw new FormatException($"order {number} has no SettleCurrId")),
            ["lines"] = new JsonArray(lines.Select(l => (JsonNode)l).ToArray()),
            ["totalAmount"] = Decimal(Property(finance, "BillAllAmount"), $"BillAllAmount of order {number}"),
            ["status"] = KingdeeDocumentStatus.ToCanonical(Text(Property(model, "DocumentStatus"))),
            ["notes"] = Localized(Property(model, "Note"), options.Lcid),
        });
    }

    public string NumberOf(CanonicalRecord record) => KingdeePayload.RequiredText(record.Payload, "orderNumber");

    public JsonObject ToModel(CanonicalRecord record, long id)
    {
        var p = record.Payload;
        var entries = new JsonArray();
        var index = 0;
        foreach (var line in KingdeePayload.RequiredArray(p, "lines"))
        {
            var at = $"lines[{index++}].";
            var quantity = KingdeePayload.RequiredDecimal(line, "quantity");
            var rate = KingdeePayload.RequiredDecimal(line, "taxRate");
            if (quantity <= 0)
            {
                throw new FormatException(at + "quantity must be more than 0");
            }

            if (rate is < 0 or >= 1)
            {
                throw new FormatException(at + "taxRate must be a fraction from 0 up to 1 (0.13 = 13 %)");
            }

            var inclTax = line.TryGetProperty("unitPriceInclTax", out var given) && given.ValueKind == JsonValueKind.Number
                ? given.GetDecimal()
                : decimal.Round(KingdeePayload.RequiredDecimal(line, "unitPrice") * (1 + rate), 6, MidpointRounding.AwayFromZero);
            entries.Add(new JsonObject
            {
                ["FMaterialId"] = new JsonObject { ["FNumber"] = KingdeePayload.RequiredText(line, "sku") },
                ["FQty"] = quantity,
                ["FTaxPrice"] = inclTax,
                ["FEntryTaxRate"] = rate * 100,
            });
        }

        var model = new JsonObject
        {
            ["FID"] = id,
            ["FBillNo"] = NumberOf(record),
            ["FBillTypeID"] = new JsonObject { ["FNumber"] = BillType },
            ["FDate"] = KingdeePayload.RequiredDate(p, "orderDate").ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["FSaleOrgId"] = new JsonObject { ["FNumber"] = options.OrgNumber },
            ["FCustId"] = new JsonObject { ["FNumber"] = KingdeePayload.RequiredText(p, "customerNumber") },
            ["FSaleOrderFinance"] = new JsonObject
            {
                ["FSettleCurrId"] = new JsonObject { ["FNumber"] = currencies.NumberOf(KingdeePayload.RequiredText(p, "currency")) },
            },
            ["FSaleOrderEntry"] = entries,
        };
        if (KingdeePayload.OptionalText(p, "notes") is { } notes)
        {
            model["FNote"] = notes;
        }

        if (options.SourceVersionField.Length > 0)
        {
            model[options.SourceVersionField] = record.SourceVersion;
        }

        return model;
    }

    private async Task<Dictionary<long, List<JsonObject>>> ReadEntriesAsync(KingdeeClient client, long[] ids, CancellationToken cancellationToken)
    {
        var lines = new Dictionary<long, List<JsonObject>>();
        var filter = $"FID IN ({string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})";
        for (var start = 0; ; start += options.PageSize)
        {
            var query = new KdQuery(Id, string.Join(",", EntryKeys), filter, "FID ASC,FSaleOrderEntry_FEntryID ASC", start, options.PageSize);
            var rows = await client.ExecuteBillQueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var fid = Long(row[0], "FID");
                if (!lines.TryGetValue(fid, out var list))
                {
                    lines[fid] = list = [];
                }

                list.Add(Line(Text(row[2]), row[3], row[4], row[5], row[6], fid.ToString(CultureInfo.InvariantCulture)));
            }

            if (rows.Count < options.PageSize)
            {
                return lines;
            }
        }
    }

    private static JsonObject Line(string? sku, JsonElement qty, JsonElement price, JsonElement taxPrice, JsonElement taxRatePercent, string order) => new()
    {
        ["sku"] = sku,
        ["quantity"] = Decimal(qty, $"FQty of order {order}"),
        ["unitPrice"] = Decimal(price, $"FPrice of order {order}"),
        ["unitPriceInclTax"] = Decimal(taxPrice, $"FTaxPrice of order {order}"),
        ["taxRate"] = Decimal(taxRatePercent, $"FEntryTaxRate of order {order}") / 100,
    };

    private static CanonicalRecord Record(string number, DateTimeOffset modified, JsonObject payload)
    {
        payload["modifiedAt"] = KingdeePayload.Iso(modified);
        return new CanonicalRecord(KingdeeServiceCollectionExtensions.HttpClientName, CanonicalEntity.Order, number, modified.ToUnixTimeMilliseconds(),
            KingdeePayload.ToElement(payload));
    }
}
