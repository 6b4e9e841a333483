using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Salesforce.Soql;

/// <summary>A WHERE condition evaluated against a record.</summary>
internal abstract record SoqlCondition
{
    public abstract bool Matches(JsonObject record);

    /// <summary>Every field the condition reads (for INVALID_FIELD checks).</summary>
    public abstract IEnumerable<string> Fields();
}

internal sealed record SoqlAnd(SoqlCondition Left, SoqlCondition Right) : SoqlCondition
{
    public override bool Matches(JsonObject record) => Left.Matches(record) && Right.Matches(record);

    public override IEnumerable<string> Fields() => Left.Fields().Concat(Right.Fields());
}

internal sealed record SoqlOr(SoqlCondition Left, SoqlCondition Right) : SoqlCondition
{
    public override bool Matches(JsonObject record) => Left.Matches(record) || Right.Matches(record);

    public override IEnumerable<string> Fields() => Left.Fields().Concat(Right.Fields());
}

internal sealed record SoqlNot(SoqlCondition Inner) : SoqlCondition
{
    public override bool Matches(JsonObject record) => !Inner.Matches(record);

    public override IEnumerable<string> Fields() => Inner.Fields();
}

/// <summary><c>field op value</c>, or <c>field IN (values)</c> when <see cref="Values"/> has more than one or <see cref="Operator"/> is IN.</summary>
internal sealed record SoqlComparison(string Field, string Operator, IReadOnlyList<SoqlValue> Values) : SoqlCondition
{
    public override bool Matches(JsonObject record)
    {
        var actual = record[Field];
        return Operator switch
        {
            "IN" => Values.Any(v => v.CompareTo(actual) == 0),
            "NOT IN" => Values.All(v => v.CompareTo(actual) != 0),
            "LIKE" => Values[0].Like(actual),
            "=" => Values[0].CompareTo(actual) == 0,
            "!=" => Values[0].CompareTo(actual) != 0,
            // CompareTo answers value-vs-actual; null (incomparable) fails every ordering.
            ">" => Values[0].CompareTo(actual) is < 0 and not int.MinValue,
            ">=" => Values[0].CompareTo(actual) is <= 0 and not int.MinValue,
            "<" => Values[0].CompareTo(actual) is > 0 and not int.MaxValue,
            "<=" => Values[0].CompareTo(actual) is >= 0 and not int.MaxValue,
            _ => false,
        };
    }

    public override IEnumerable<string> Fields() => [Field];
}
