using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>
/// The sandbox CRM's data: records per object api name, each with <c>_id</c>, <c>create_time</c>, <c>last_modified_time</c>,
/// <c>version</c>. A field first queried by equality gets an index (value to record ids), kept up to date by every write
/// from then on, as a real CRM indexes its lookup fields: a lookup by ERP order number among thousands of orders does not
/// scan them all under the write lock.
/// </summary>
public sealed class FxiaokeRecordStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Api, string Field), Dictionary<string, HashSet<string>>> _indexes = []; // under _write
    private readonly Lock _write = new();

    public IReadOnlyList<JsonObject> All(string objectApiName) =>
        _objects.TryGetValue(objectApiName, out var records) ? records.Values.Select(r => (JsonObject)r.DeepClone()).ToList() : [];

    /// <summary>
    /// Copies of the records that match <paramref name="filter"/> (evaluated on the stored records under the write lock, so
    /// only matches are copied). <paramref name="equals"/>, one of the filter's own equality conditions, narrows the records
    /// looked at to those its field's index holds for that value.
    /// </summary>
    public List<JsonObject> Query(string objectApiName, Func<JsonObject, bool> filter, (string Field, string Value)? equals = null)
    {
        lock (_write)
        {
            if (!_objects.TryGetValue(objectApiName, out var records))
            {
                return [];
            }

            var candidates = equals is { } eq ? Candidates(objectApiName, records, eq.Field, eq.Value) : records.Values;
            return [.. candidates.Where(filter).Select(r => (JsonObject)r.DeepClone())];
        }
    }

    public int Count(string objectApiName) => _objects.TryGetValue(objectApiName, out var records) ? records.Count : 0;

    public string Create(string objectApiName, JsonObject fields, JsonObject? details)
    {
        var id = Guid.NewGuid().ToString("N")[..24];
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var record = (JsonObject)fields.DeepClone();
        record.Remove("dataObjectApiName");
        record["_id"] = id;
        record["create_time"] = now;
        record["last_modified_time"] = now;
        record["version"] = 1;
        if (details is not null)
        {
            record["__details"] = details.DeepClone();
        }

        lock (_write)
        {
            _objects.GetOrAdd(objectApiName, _ => new(StringComparer.Ordinal))[id] = record;
            Reindex(objectApiName, id, null, record);
        }

        return id;
    }

    /// <summary>Adds a record as it was at some earlier time (seed data): the given id, timestamps and version are kept.</summary>
    public void Import(string objectApiName, string id, JsonObject fields, long createTime, long lastModifiedTime, int version)
    {
        var record = (JsonObject)fields.DeepClone();
        record.Remove("dataObjectApiName");
        record["_id"] = id;
        record["create_time"] = createTime;
        record["last_modified_time"] = lastModifiedTime;
        record["version"] = version;
        lock (_write)
        {
            var records = _objects.GetOrAdd(objectApiName, _ => new(StringComparer.Ordinal));
            records.TryGetValue(id, out var before);
            records[id] = record;
            Reindex(objectApiName, id, before, record);
        }
    }

    /// <summary>The record with <paramref name="id"/>, or null.</summary>
    public JsonObject? Get(string objectApiName, string id) =>
        _objects.TryGetValue(objectApiName, out var records) && records.TryGetValue(id, out var record) ? (JsonObject)record.DeepClone() : null;

    /// <returns>False when no record has that id.</returns>
    public bool Update(string objectApiName, string id, JsonObject fields, JsonObject? details)
    {
        lock (_write)
        {
            if (!_objects.TryGetValue(objectApiName, out var records) || !records.TryGetValue(id, out var current))
            {
                return false;
            }

            var updated = (JsonObject)current.DeepClone();
            foreach (var (name, value) in fields)
            {
                if (name is "_id" or "dataObjectApiName" or "create_time" or "version")
                {
                    continue;
                }

                updated[name] = value?.DeepClone();
            }

            if (details is not null)
            {
                updated["__details"] = details.DeepClone();
            }

            updated["last_modified_time"] = time.GetUtcNow().ToUnixTimeMilliseconds();
            updated["version"] = current["version"]!.GetValue<int>() + 1;
            records[id] = updated;
            Reindex(objectApiName, id, current, updated);
            return true;
        }
    }

    // Under _write.
    private IEnumerable<JsonObject> Candidates(string objectApiName, ConcurrentDictionary<string, JsonObject> records, string field, string value)
    {
        if (!_indexes.TryGetValue((objectApiName, field), out var index))
        {
            index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (id, record) in records)
            {
                Add(index, FxiaokeQueryFilter.Text(record[field]), id);
            }

            _indexes[(objectApiName, field)] = index;
        }

        return index.TryGetValue(value, out var ids) ? ids.Select(id => records[id]) : [];
    }

    // Under _write: moves the record between its old and new values in every index of its object.
    private void Reindex(string objectApiName, string id, JsonObject? before, JsonObject after)
    {
        foreach (var ((api, field), index) in _indexes)
        {
            if (api != objectApiName)
            {
                continue;
            }

            if (before is not null && FxiaokeQueryFilter.Text(before[field]) is { } old && index.TryGetValue(old, out var ids))
            {
                ids.Remove(id);
                if (ids.Count == 0)
                {
                    index.Remove(old);
                }
            }

            Add(index, FxiaokeQueryFilter.Text(after[field]), id);
        }
    }

    private static void Add(Dictionary<string, HashSet<string>> index, string? value, string id)
    {
        if (value is null)
        {
            return;
        }

        if (!index.TryGetValue(value, out var ids))
        {
            index[value] = ids = new HashSet<string>(StringComparer.Ordinal);
        }

        ids.Add(id);
    }
}
