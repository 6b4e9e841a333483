using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Salesforce.Soql;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>
/// Runs SOQL against the store and pages the result like Salesforce: a snapshot taken at query time, <c>batchSize</c> records
/// per answer (200-2000, from <c>Sforce-Query-Options</c>), and a <c>nextRecordsUrl</c> (<c>/services/data/vNN.0/query/&lt;locator&gt;-&lt;offset&gt;</c>)
/// until <c>done</c>.
/// </summary>
internal sealed class SalesforceQueryEngine(SalesforceRecordStore store)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<JsonObject>> _locators = new(StringComparer.Ordinal);

    /// <exception cref="FormatException">MALFORMED_QUERY.</exception>
    /// <exception cref="KeyNotFoundException">INVALID_TYPE or INVALID_FIELD (message says which).</exception>
    public JsonObject Run(string soql, string version, int batchSize)
    {
        var query = SoqlParser.Parse(soql);
        if (!SalesforceSchema.All.TryGetValue(query.From, out var schema))
        {
            throw new KeyNotFoundException($"INVALID_TYPE:sObject type '{query.From}' is not supported.");
        }

        foreach (var field in query.Fields.Concat(query.Where?.Fields() ?? []).Concat(query.OrderBy.Select(o => o.Field)))
        {
            if (!schema.Has(field))
            {
                throw new KeyNotFoundException($"INVALID_FIELD:No such column '{field}' on entity '{schema.Name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.");
            }
        }

        IEnumerable<JsonObject> rows = store.All(schema.Name);
        if (query.Where is { } where)
        {
            rows = rows.Where(where.Matches);
        }

        IOrderedEnumerable<JsonObject>? sorted = null;
        foreach (var order in query.OrderBy)
        {
            var comparer = Comparer<JsonObject>.Create((a, b) => new SoqlValue(Typed(a[order.Field])).CompareTo(b[order.Field]) switch { int.MinValue or int.MaxValue => 0, var c => c });
            sorted = sorted is null
                ? (order.Descending ? rows.OrderDescending(comparer) : rows.Order(comparer))
                : (order.Descending ? sorted.ThenByDescending(r => r, comparer) : sorted.ThenBy(r => r, comparer));
        }

        var all = (sorted ?? rows).Take(query.Limit ?? int.MaxValue)
            .Select(r => Project(r, schema.Name, query.Fields, version)).ToList();
        var locator = "01g" + Guid.NewGuid().ToString("N")[..15];
        _locators[locator] = all;
        return Page(locator, all, 0, version, batchSize);
    }

    /// <returns><see langword="null"/> for an unknown or expired locator.</returns>
    public JsonObject? More(string locatorAndOffset, string version, int batchSize)
    {
        var dash = locatorAndOffset.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(locatorAndOffset[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !_locators.TryGetValue(locatorAndOffset[..dash], out var all))
        {
            return null;
        }

        return Page(locatorAndOffset[..dash], all, offset, version, batchSize);
    }

    private JsonObject Page(string locator, IReadOnlyList<JsonObject> all, int offset, string version, int batchSize)
    {
        var page = all.Skip(offset).Take(batchSize).Select(r => (JsonNode)r.DeepClone()).ToArray();
        var next = offset + page.Length;
        var done = next >= all.Count;
        if (done)
        {
            _locators.TryRemove(locator, out _);
        }

        var answer = new JsonObject { ["totalSize"] = all.Count, ["done"] = done };
        if (!done)
        {
            answer["nextRecordsUrl"] = $"/services/data/v{version}/query/{locator}-{next}";
        }

        answer["records"] = new JsonArray(page);
        return answer;
    }

    private static JsonObject Project(JsonObject record, string sobject, IReadOnlyList<string> fields, string version)
    {
        var id = record["Id"]!.GetValue<string>();
        var row = new JsonObject { ["attributes"] = new JsonObject { ["type"] = sobject, ["url"] = $"/services/data/v{version}/sobjects/{sobject}/{id}" } };
        foreach (var field in fields)
        {
            var name = record.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase)) ?? field;
            row[name] = record[name]?.DeepClone();
        }

        return row;
    }

    // Values of the left record, typed so they compare the way the right record's field does.
    private static object? Typed(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<string>(out var s))
        {
            return SalesforceTime.TryParse(s, out var dt) && s.Contains('T', StringComparison.Ordinal) ? dt : s;
        }

        return decimal.TryParse(v.ToJsonString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : v.ToJsonString();
    }
}
