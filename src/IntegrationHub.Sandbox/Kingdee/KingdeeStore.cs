using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// The sandbox ERP's documents per form, with K3Cloud's behaviour: positional query rows (one per entry when entry fields are
/// asked for), <c>BatchSave</c> that saves each valid model and refuses the others by <c>DIndex</c>, and <c>View</c> models.
/// Every save stamps <c>FModifyDate</c> with the server's local time to the millisecond.
/// </summary>
public sealed class KingdeeStore(TimeProvider time)
{
    private readonly Dictionary<string, SortedDictionary<long, KingdeeDocument>> _forms = new(StringComparer.Ordinal)
    {
        [KingdeeForms.Customer.FormId] = [],
        [KingdeeForms.SaleOrder.FormId] = [],
    };

    private readonly Lock _lock = new();
    private long _nextId = 100_000;
    private long _nextEntryId = 900_000;

    public int Count(string formId)
    {
        lock (_lock)
        {
            return _forms.TryGetValue(formId, out var docs) ? docs.Count : 0;
        }
    }

    /// <summary>A copy of one header field of the document with <paramref name="number"/>, e.g. <c>FModifyDate</c>.</summary>
    public JsonNode? Field(string formId, string number, string key)
    {
        lock (_lock)
        {
            var form = KingdeeForms.Of(formId)!;
            return ByNumber(form, number)?.Header[key]?.DeepClone();
        }
    }

    /// <summary>
    /// Sets a header field as K3Cloud users would (e.g. audit: <c>FDocumentStatus</c> C), stamping <c>FModifyDate</c>; setting
    /// <c>FModifyDate</c> itself puts that value (to build boundary cases).
    /// </summary>
    public void Set(string formId, string number, string key, JsonNode? value)
    {
        lock (_lock)
        {
            var doc = ByNumber(KingdeeForms.Of(formId)!, number) ?? throw new KeyNotFoundException(number);
            doc.Header[key] = value?.DeepClone();
            if (key != "FModifyDate")
            {
                doc.Header["FModifyDate"] = Now();
            }
        }
    }

    /// <summary>
    /// Changes a document as a K3Cloud user would in the client (header and entries), stamping <c>FModifyDate</c>; refused,
    /// as in K3Cloud, while the document is in review or audited.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such document.</exception>
    /// <exception cref="InvalidOperationException">The document is in review or audited.</exception>
    internal void Edit(KingdeeForms form, string number, Action<JsonObject, List<JsonObject>> change)
    {
        lock (_lock)
        {
            var doc = ByNumber(form, number) ?? throw new KeyNotFoundException(number);
            if (KingdeeFilter.Text(doc.Header["FDocumentStatus"]) is "B" or "C")
            {
                throw new InvalidOperationException($"document {number} is in review or audited and cannot be modified");
            }

            change(doc.Header, doc.Entries);
            doc.Header["FModifyDate"] = Now();
        }
    }

    internal IReadOnlyList<JsonArray> Query(KingdeeForms form, IReadOnlyList<string> keys, Func<Func<string, JsonNode?>, bool> filter,
        IReadOnlyList<(string Key, bool Ascending)> order, int startRow, int limit)
    {
        lock (_lock)
        {
            var perEntry = keys.Any(form.EntryFields.Contains) || order.Any(o => form.EntryFields.Contains(o.Key));
            var rows = new List<Func<string, JsonNode?>>();
            foreach (var doc in _forms[form.FormId].Values)
            {
                if (perEntry)
                {
                    rows.AddRange(doc.Entries.Select(e => (Func<string, JsonNode?>)(k => e.TryGetPropertyValue(k, out var v) ? v : doc.Header[k])));
                }
                else
                {
                    rows.Add(k => doc.Header[k]);
                }
            }

            IEnumerable<Func<string, JsonNode?>> selected = rows.Where(filter);
            IOrderedEnumerable<Func<string, JsonNode?>>? sorted = null;
            foreach (var (key, ascending) in order)
            {
                sorted = sorted is null
                    ? ascending ? selected.OrderBy(r => r(key), NodeComparer.Instance) : selected.OrderByDescending(r => r(key), NodeComparer.Instance)
                    : ascending ? sorted.ThenBy(r => r(key), NodeComparer.Instance) : sorted.ThenByDescending(r => r(key), NodeComparer.Instance);
            }

            return (sorted ?? selected).Skip(startRow).Take(limit)
                .Select(r => new JsonArray(keys.Select(k => r(k)?.DeepClone()).ToArray()))
                .ToList();
        }
    }

    /// <summary>Saves each valid model; answers the refusals and the saved documents, both by index in <paramref name="models"/>.</summary>
    internal (List<(int Index, string? Field, string Message)> Errors, List<(int Index, long Id, string Number)> Saved) Save(KingdeeForms form, IReadOnlyList<JsonObject> models)
    {
        var errors = new List<(int, string?, string)>();
        var saved = new List<(int, long, string)>();
        lock (_lock)
        {
            for (var i = 0; i < models.Count; i++)
            {
                var (header, entries) = Flatten(models[i]);
                var problems = Validate(form, header, entries).ToList();
                if (problems.Count > 0)
                {
                    errors.AddRange(problems.Select(p => (i, p.Field, p.Message)));
                    continue;
                }

                saved.Add((i, Store(form, header, entries), KingdeeFilter.Text(header[form.NumberKey])!));
            }
        }

        return (errors, saved);
    }

    /// <summary>The View model of a document by number (or internal id when the number is empty), or null.</summary>
    internal JsonObject? View(KingdeeForms form, string? number, long? id)
    {
        lock (_lock)
        {
            var doc = !string.IsNullOrEmpty(number) ? ByNumber(form, number) : id is { } i && _forms[form.FormId].TryGetValue(i, out var d) ? d : null;
            return doc is null ? null : KingdeeViewModel.Of(form, doc);
        }
    }

    internal void Seed(KingdeeForms form, JsonObject header, List<JsonObject> entries)
    {
        lock (_lock)
        {
            var id = ++_nextId;
            header[form.IdKey] = id;
            foreach (var entry in entries)
            {
                entry["FSaleOrderEntry_FEntryID"] = ++_nextEntryId;
            }

            _forms[form.FormId][id] = new KingdeeDocument(id, header) { Entries = entries };
        }
    }

    private long Store(KingdeeForms form, JsonObject header, List<JsonObject> entries)
    {
        var docs = _forms[form.FormId];
        var id = long.Parse(KingdeeFilter.Text(header[form.IdKey]) ?? "0", CultureInfo.InvariantCulture);
        var now = Now();
        if (form == KingdeeForms.SaleOrder)
        {
            var customer = ByNumber(KingdeeForms.Customer, KingdeeFilter.Text(header["FCustId.FNumber"])!)!;
            header["FCustId.FName"] = customer.Header["FName"]?.DeepClone();
            var total = 0m;
            foreach (var entry in entries)
            {
                var qty = Number(entry["FQty"]);
                var taxPrice = Number(entry["FTaxPrice"]);
                var rate = Number(entry["FEntryTaxRate"]);
                entry["FPrice"] = decimal.Round(taxPrice / (1 + (rate / 100)), 6, MidpointRounding.AwayFromZero);
                entry["FAllAmount"] = decimal.Round(qty * taxPrice, 2, MidpointRounding.AwayFromZero);
                entry["FMaterialId.FName"] = KingdeeSeed.MaterialName(KingdeeFilter.Text(entry["FMaterialId.FNumber"])!);
                entry["FSaleOrderEntry_FEntryID"] = ++_nextEntryId;
                total += Number(entry["FAllAmount"]);
            }

            header["FBillAllAmount"] = total;
        }

        if (id == 0)
        {
            id = ++_nextId;
            header[form.IdKey] = id;
            header["FCreateDate"] = now;
            header["FDocumentStatus"] = "A";
            header["FForbidStatus"] = form == KingdeeForms.Customer ? "A" : null;
            header["FModifyDate"] = now;
            docs[id] = new KingdeeDocument(id, header) { Entries = entries };
            return id;
        }

        var doc = docs[id];
        var merged = (JsonObject)doc.Header.DeepClone();
        foreach (var (key, value) in header)
        {
            merged[key] = value?.DeepClone();
        }

        merged["FModifyDate"] = now;
        doc.Header = merged;
        if (form.EntryFields.Count > 0)
        {
            doc.Entries = entries; // IsDeleteEntry: the model's entries replace the stored ones
        }

        return id;
    }

    private IEnumerable<(string? Field, string Message)> Validate(KingdeeForms form, JsonObject header, List<JsonObject> entries)
    {
        var number = KingdeeFilter.Text(header[form.NumberKey]);
        var idText = KingdeeFilter.Text(header[form.IdKey]) ?? "0";
        if (!long.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            yield return (form.IdKey, $"{form.IdKey} '{idText}' is not an id");
            yield break;
        }

        if (string.IsNullOrWhiteSpace(number))
        {
            yield return (form.NumberKey, $"{form.NumberKey} is required");
            yield break;
        }

        var holder = ByNumber(form, number);
        if (id == 0 && holder is not null)
        {
            yield return (form.NumberKey, $"the number {number} already exists (it must be unique)");
        }
        else if (id != 0 && !_forms[form.FormId].ContainsKey(id))
        {
            yield return (form.IdKey, $"no document with {form.IdKey} {id} (deleted or never saved)");
        }
        else if (id != 0 && holder is not null && holder.Id != id)
        {
            yield return (form.NumberKey, $"the number {number} already belongs to another document");
        }
        else if (id != 0 && KingdeeFilter.Text(_forms[form.FormId][id].Header["FDocumentStatus"]) is "B" or "C")
        {
            yield return (null, $"document {number} is in review or audited and cannot be modified; un-audit it first");
        }

        if (form == KingdeeForms.Customer)
        {
            if (string.IsNullOrWhiteSpace(KingdeeFilter.Text(header["FName"])))
            {
                yield return ("FName", "the customer name (FName) is required");
            }

            if (KingdeeFilter.Text(header["FTRADINGCURRID.FNumber"]) is { } currency && !KingdeeSeed.Currencies.ContainsKey(currency))
            {
                yield return ("FTRADINGCURRID", $"currency {currency} does not exist");
            }

            yield break;
        }

        if (!KingdeeDates.TryParse(KingdeeFilter.Text(header["FDate"]) ?? "", out _))
        {
            yield return ("FDate", "the order date (FDate) is required");
        }

        if (KingdeeFilter.Text(header["FCustId.FNumber"]) is not { } customer || ByNumber(KingdeeForms.Customer, customer) is null)
        {
            yield return ("FCustId", $"customer {KingdeeFilter.Text(header["FCustId.FNumber"])} does not exist");
        }

        if (KingdeeFilter.Text(header["FSettleCurrId.FNumber"]) is not { } settle || !KingdeeSeed.Currencies.ContainsKey(settle))
        {
            yield return ("FSettleCurrId", $"settlement currency {KingdeeFilter.Text(header["FSettleCurrId.FNumber"])} does not exist");
        }

        if (entries.Count == 0)
        {
            yield return ("FSaleOrderEntry", "a sales order needs at least one entry");
        }

        for (var e = 0; e < entries.Count; e++)
        {
            var entry = entries[e];
            if (KingdeeFilter.Text(entry["FMaterialId.FNumber"]) is not { } material || KingdeeSeed.MaterialName(material) is null)
            {
                yield return ("FMaterialId", $"entry {e + 1}: material {KingdeeFilter.Text(entry["FMaterialId.FNumber"])} does not exist");
            }

            if (!TryNumber(entry["FQty"], out var qty) || qty <= 0)
            {
                yield return ("FQty", $"entry {e + 1}: the quantity must be more than 0");
            }

            if (!TryNumber(entry["FTaxPrice"], out var price) || price < 0)
            {
                yield return ("FTaxPrice", $"entry {e + 1}: the price must not be negative");
            }

            if (!TryNumber(entry["FEntryTaxRate"], out var rate) || rate is < 0 or > 100)
            {
                yield return ("FEntryTaxRate", $"entry {e + 1}: the tax rate must be a percentage from 0 to 100");
            }
        }
    }

    private KingdeeDocument? ByNumber(KingdeeForms form, string number) =>
        _forms[form.FormId].Values.FirstOrDefault(d => KingdeeFilter.Text(d.Header[form.NumberKey]) == number);

    private static (JsonObject Header, List<JsonObject> Entries) Flatten(JsonObject model)
    {
        var header = new JsonObject();
        var entries = new List<JsonObject>();
        Into(header, model, entries);
        return (header, entries);

        static void Into(JsonObject target, JsonObject source, List<JsonObject> entries)
        {
            foreach (var (key, value) in source)
            {
                switch (value)
                {
                    case JsonObject reference when reference.ContainsKey("FNumber"):
                        target[key + ".FNumber"] = reference["FNumber"]?.DeepClone();
                        break;
                    case JsonObject subEntity:
                        Into(target, subEntity, entries); // a single-row sub-entity such as FSaleOrderFinance
                        break;
                    case JsonArray rows when key == "FSaleOrderEntry":
                        foreach (var row in rows.OfType<JsonObject>())
                        {
                            var entry = new JsonObject();
                            Into(entry, row, entries);
                            entries.Add(entry);
                        }

                        break;
                    default:
                        target[key] = value?.DeepClone();
                        break;
                }
            }
        }
    }

    private string Now() => KingdeeDates.Format(KingdeeDates.Local(time.GetUtcNow()));

    private static decimal Number(JsonNode? node) => TryNumber(node, out var d) ? d : 0m;

    private static bool TryNumber(JsonNode? node, out decimal value) =>
        decimal.TryParse(KingdeeFilter.Text(node), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private sealed class NodeComparer : IComparer<JsonNode?>
    {
        public static readonly NodeComparer Instance = new();

        public int Compare(JsonNode? x, JsonNode? y)
        {
            var a = KingdeeFilter.Text(x);
            var b = KingdeeFilter.Text(y);
            if (a is null || b is null)
            {
                return a is null ? (b is null ? 0 : -1) : 1;
            }

            return x is JsonValue vx && vx.GetValueKind() == JsonValueKind.Number && y is JsonValue vy && vy.GetValueKind() == JsonValueKind.Number
                ? decimal.Parse(a, NumberStyles.Float, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b, NumberStyles.Float, CultureInfo.InvariantCulture))
                : string.CompareOrdinal(a, b);
        }
    }
}
