namespace IntegrationHub.Connectors.Http.VendorApis;

/// <summary>
/// On a Refit interface method sent as POST or PATCH: repeating the call leaves the vendor in the same state (a query sent
/// as POST, an update with absolute values), so the connector's pipeline may retry it after a 5xx, a lost answer or a
/// timed-out attempt. GET, PUT and DELETE need no mark; a call whose safety depends on its arguments takes a
/// <c>[Property(ConnectorRequests.IdempotentKey)] bool idempotent</c> parameter instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute;
