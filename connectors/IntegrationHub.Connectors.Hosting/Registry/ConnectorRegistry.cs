using System.Collections.Frozen;
using System.Runtime.Loader;
using IntegrationHub.Connectors.Hosting.Plugins;

namespace IntegrationHub.Connectors.Hosting.Registry;

/// <summary>
/// Every connector the hub knows: the <see cref="IConnector"/>s registered in DI, built-in or added by plugins. System
/// names are unique (case-insensitive); a duplicate, an empty or a non-lower-case name, or two entries for one entity
/// stop the start with <see cref="ConnectorRegistryException"/>. Lookups by system, entity and capability fail with
/// <see cref="ConnectorLookupException"/>, whose message says what is known instead.
/// </summary>
public sealed class ConnectorRegistry
{
    private readonly FrozenDictionary<string, IConnector> _bySystem;

    public ConnectorRegistry(IEnumerable<IConnector> connectors)
    {
        var bySystem = new Dictionary<string, IConnector>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var connector in connectors)
        {
            var system = connector.System;
            if (string.IsNullOrWhiteSpace(system) || system != system.ToLowerInvariant() || system.Trim() != system)
            {
                problems.Add($"{Describe(connector)} has the system name '{system}'; a system name is a non-empty lower-case token.");
                continue;
            }

            if (bySystem.TryGetValue(system, out var first))
            {
                problems.Add($"connector system '{system}' is registered twice, by {Describe(first)} and by {Describe(connector)}; system names must be unique.");
                continue;
            }

            var entities = connector.Entities.GroupBy(e => e.Entity).Where(g => g.Count() > 1).Select(g => g.Key.Name).ToList();
            if (entities.Count > 0)
            {
                problems.Add($"{Describe(connector)} lists entity {string.Join(", ", entities.Select(e => $"'{e}'"))} more than once.");
            }

            bySystem[system] = connector;
        }

        if (problems.Count > 0)
        {
            throw new ConnectorRegistryException(problems);
        }

        _bySystem = bySystem.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Connectors = bySystem.Values.OrderBy(c => c.System, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every connector, in system-name order.</summary>
    public IReadOnlyList<IConnector> Connectors { get; }

    /// <summary>The system names, in order.</summary>
    public IEnumerable<string> Systems => Connectors.Select(c => c.System);

    /// <summary>Where a connector comes from: <c>built-in</c> or <c>plugin '&lt;name&gt;'</c>.</summary>
    public static string Origin(IConnector connector) =>
        AssemblyLoadContext.GetLoadContext(connector.GetType().Assembly) is ConnectorPluginLoadContext plugin ? $"plugin '{plugin.PluginName}'" : "built-in";

    /// <summary>The plugin a connector comes from, or <see langword="null"/> for a built-in one.</summary>
    public static string? PluginOf(IConnector connector) =>
        (AssemblyLoadContext.GetLoadContext(connector.GetType().Assembly) as ConnectorPluginLoadContext)?.PluginName;

    public bool Contains(string system) => _bySystem.ContainsKey(system);

    /// <exception cref="ConnectorLookupException">No connector has that system name.</exception>
    public IConnector Get(string system) =>
        _bySystem.TryGetValue(system, out var connector) ? connector
            : throw new ConnectorLookupException(
                $"No connector for system '{system}' (known: {(Connectors.Count == 0 ? "none" : string.Join(", ", Systems))}).");

    /// <exception cref="ConnectorLookupException">Unknown system, or the connector does not handle <paramref name="entity"/>.</exception>
    public EntityCapabilities GetEntity(string system, CanonicalEntity entity)
    {
        var connector = Get(system);
        return connector.Entities.FirstOrDefault(e => e.Entity == entity)
            ?? throw new ConnectorLookupException(
                $"Connector '{connector.System}' does not support the entity '{entity}' (supported: {Supported(connector)}).");
    }

    /// <exception cref="ConnectorLookupException">Unknown system or entity, or the connector cannot read changes of it.</exception>
    public IChangeReader GetReader(string system, CanonicalEntity entity) =>
        GetEntity(system, entity) is { Reader: { } reader } ? reader : throw Missing(system, entity, "read changes of");

    /// <exception cref="ConnectorLookupException">Unknown system or entity, or the connector cannot upsert it.</exception>
    public IBatchUpserter GetUpserter(string system, CanonicalEntity entity) =>
        GetEntity(system, entity) is { Upserter: { } upserter } ? upserter : throw Missing(system, entity, "upsert");

    /// <exception cref="ConnectorLookupException">Unknown system or entity, or the connector cannot get it by id.</exception>
    public IRecordLookup GetLookup(string system, CanonicalEntity entity) =>
        GetEntity(system, entity) is { Lookup: { } lookup } ? lookup : throw Missing(system, entity, "get by id");

    /// <exception cref="ConnectorLookupException">Unknown system or entity, or the connector cannot change its status.</exception>
    public IStatusChanger GetStatusChanger(string system, CanonicalEntity entity) =>
        GetEntity(system, entity) is { StatusChanger: { } changer } ? changer : throw Missing(system, entity, "change the status of");

    /// <summary>The capability names of one entity: <c>read</c>, <c>upsert</c>, <c>get</c>, <c>status</c>.</summary>
    public static IReadOnlyList<string> CapabilitiesOf(EntityCapabilities entity) =>
        new[] { entity.Reader is null ? null : "read", entity.Upserter is null ? null : "upsert", entity.Lookup is null ? null : "get", entity.StatusChanger is null ? null : "status" }
            .OfType<string>().ToArray();

    private ConnectorLookupException Missing(string system, CanonicalEntity entity, string what)
    {
        var capabilities = CapabilitiesOf(GetEntity(system, entity));
        return new ConnectorLookupException(
            $"Connector '{Get(system).System}' cannot {what} '{entity}' (it can: {(capabilities.Count == 0 ? "nothing" : string.Join(", ", capabilities))}).");
    }

    private static string Supported(IConnector connector) =>
        connector.Entities.Count == 0 ? "none" : string.Join(", ", connector.Entities.Select(e => e.Entity.Name).Order(StringComparer.Ordinal));

    private static string Describe(IConnector connector) => $"{connector.GetType().FullName} ({Origin(connector)})";
}
