namespace IntegrationHub.Connectors.Hosting.Status;

/// <summary>One connector as <c>GET /api/v1/connectors</c> and the <c>connectors</c> CLI verb show it.</summary>
/// <param name="System">The system name.</param>
/// <param name="Source"><c>built-in</c> or <c>plugin '&lt;name&gt;'</c>.</param>
/// <param name="Entities">Each entity with its capabilities (<c>read</c>, <c>upsert</c>, <c>get</c>).</param>
/// <param name="Health">Healthy, Degraded or Unhealthy, from the connector's own check (Unhealthy when it timed out or threw).</param>
/// <param name="HealthDescription">Why, when not healthy; never credentials.</param>
/// <param name="Circuit">The HTTP circuit of the connector's named client (Closed, Open, HalfOpen, Isolated), or <c>n/a</c> when it has none.</param>
public sealed record ConnectorStatus(
    string System, string Source, IReadOnlyList<ConnectorEntityStatus> Entities, string Health, string? HealthDescription, string Circuit);

/// <summary>One entity of a connector and what the connector can do with it.</summary>
public sealed record ConnectorEntityStatus(string Entity, IReadOnlyList<string> Capabilities);
