using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Mailchimp;

/// <summary>The sandbox audience: members by subscriber hash, as the Marketing API shows them.</summary>
public sealed class MailchimpMemberStore(string listId, TimeProvider time)
{
    private readonly Dictionary<string, JsonObject> _members = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string ListId { get; } = listId;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _members.Count;
            }
        }
    }

    public static string Hash(string email) =>
#pragma warning disable CA5351 // the vendor's identifier scheme
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
#pragma warning restore CA5351

    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public IReadOnlyList<JsonObject> All()
    {
        lock (_lock)
        {
            return _members.Values.Select(m => (JsonObject)m.DeepClone()).ToList();
        }
    }

    public JsonObject? Get(string hash)
    {
        lock (_lock)
        {
            return _members.TryGetValue(hash, out var m) ? (JsonObject)m.DeepClone() : null;
        }
    }

    /// <summary>Adds a seeded member as it is (its timestamps included).</summary>
    public void Seed(JsonObject member)
    {
        lock (_lock)
        {
            _members[member["id"]!.GetValue<string>()] = member;
        }
    }

    /// <summary>Creates or changes a member with <paramref name="change"/>; <c>last_changed</c> becomes now. Returns the member and whether it is new.</summary>
    public (JsonObject Member, bool Created) Upsert(string hash, string email, Action<JsonObject, bool> change)
    {
        lock (_lock)
        {
            var created = !_members.TryGetValue(hash, out var current);
            var now = Format(time.GetUtcNow());
            var member = current is null ? New(hash, email, now) : (JsonObject)current.DeepClone();
            change(member, created);
            member["last_changed"] = now;
            _members[hash] = member;
            return ((JsonObject)member.DeepClone(), created);
        }
    }

    /// <summary>Sets tags active or inactive; false when there is no such member.</summary>
    public bool SetTags(string hash, IEnumerable<(string Name, bool Active)> tags)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(hash, out var member))
            {
                return false;
            }

            var names = (member["tags"] as JsonArray ?? []).Select(t => t!["name"]!.GetValue<string>()).ToList();
            foreach (var (name, active) in tags)
            {
                names.Remove(name);
                if (active)
                {
                    names.Add(name);
                }
            }

            member["tags"] = new JsonArray(names.Select((n, i) => (JsonNode)new JsonObject { ["id"] = Math.Abs(n.GetHashCode(StringComparison.Ordinal) % 100000), ["name"] = n }).ToArray());
            member["tags_count"] = names.Count;
            return true;
        }
    }

    private JsonObject New(string hash, string email, string now) => new()
    {
        ["id"] = hash,
        ["email_address"] = email,
        ["unique_email_id"] = hash[..10],
        ["web_id"] = Math.Abs(BitConverter.ToInt32(Convert.FromHexString(hash[..8]))),
        ["email_type"] = "html",
        ["status"] = "subscribed",
        ["merge_fields"] = new JsonObject { ["FNAME"] = "", ["LNAME"] = "", ["ADDRESS"] = "", ["PHONE"] = "", ["BIRTHDAY"] = "" },
        ["stats"] = new JsonObject { ["avg_open_rate"] = 0, ["avg_click_rate"] = 0 },
        ["ip_signup"] = "",
        ["timestamp_signup"] = now,
        ["ip_opt"] = "",
        ["timestamp_opt"] = now,
        ["member_rating"] = 2,
        ["last_changed"] = now,
        ["language"] = "",
        ["vip"] = false,
        ["email_client"] = "",
        ["source"] = "API - Generic",
        ["tags_count"] = 0,
        ["tags"] = new JsonArray(),
        ["list_id"] = ListId,
    };
}
