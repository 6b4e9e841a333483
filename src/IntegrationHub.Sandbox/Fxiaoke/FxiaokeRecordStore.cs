using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>The sandbox CRM's data: records per object api name, each with <c>_id</c>, <c>create_time</c>, <c>last_modified_time</c>, <c>version</c>.</summary>
public sealed class FxiaokeRecordStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Lock _write = new();

    public IReadOnlyList<JsonObject> All(string objectApiName) =>
        _objects.TryGetValue(objectApiName, out var records) ? records.Values.Select(r => (JsonObject)r.DeepClone()).ToList() : [];

    /// <summary>Copies of the records that match <paramref name="filter"/> (evaluated on the stored records under the write lock, so only matches are copied).</summary>
    public List<JsonObject> Query(string objectApiName, Func<JsonObject, bool> filter)
    {
        lock (_write)
        {
            return _objects.TryGetValue(objectApiName, out var records)
                ? [.. records.Values.Where(filter).Select(r => (JsonObject)r.DeepClone())]
                : [];
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
            _objects.GetOrAdd(objectApiName, _ => new(StringComparer.Ordinal))[id] = record;
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
            return true;
        }
    }
}
