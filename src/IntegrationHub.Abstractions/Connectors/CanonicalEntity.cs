namespace IntegrationHub.Connectors;

/// <summary>
/// A kind of record in the hub's canonical model. The name is the lower-case token used in workflow files, hub ids
/// (<see cref="Identity.HubIds.For"/>) and topics; compare entities by value.
/// </summary>
public readonly record struct CanonicalEntity
{
    public CanonicalEntity(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.ToLowerInvariant();
    }

    public static CanonicalEntity Customer { get; } = new("customer");

    public static CanonicalEntity Order { get; } = new("order");

    public static CanonicalEntity Receivable { get; } = new("receivable");

    /// <summary>A payment received against a receivable (Xero's ACCRECPAYMENT, Fxiaoke's PaymentObj).</summary>
    public static CanonicalEntity Payment { get; } = new("payment");

    public static CanonicalEntity MarketingContact { get; } = new("marketing-contact");

    public string Name { get; }

    public override string ToString() => Name;
}
