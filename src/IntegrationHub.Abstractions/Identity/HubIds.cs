using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Identity;

/// <summary>
/// Deterministic hub ids for records known by (system, entity, external id): the same triple always gives
/// the same id, on every node, so a redelivered record maps to the same hub record and the same Kafka key.
/// The id is an RFC 9562 version 8 UUID built from the SHA-256 of the triple.
/// </summary>
public static class HubIds
{
    public static Guid For(string system, string entity, string externalId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(system);
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{system.ToLowerInvariant()}\n{entity.ToLowerInvariant()}\n{externalId}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122/9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The hub id of the customer an ERP order belongs to; it is the order's Kafka key.</summary>
    public static Guid ErpCustomer(string customerNumber) => For("erp", "customer", customerNumber);
}
