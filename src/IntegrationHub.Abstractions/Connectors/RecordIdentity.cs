namespace IntegrationHub.Connectors;

/// <summary>
/// Who a record is: the system it comes from, its canonical entity and its id in that system. Two records with the
/// same identity are the same record (possibly in different versions), which is what makes redelivery harmless.
/// </summary>
public readonly record struct RecordIdentity(string System, CanonicalEntity Entity, string ExternalId)
{
    public override string ToString() => $"{System}/{Entity}/{ExternalId}";
}
