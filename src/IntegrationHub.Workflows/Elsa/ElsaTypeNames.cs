namespace IntegrationHub.Workflows.Elsa;

/// <summary>Elsa's type names (its type aliases and .NET names) and the hub's variable types, both ways.</summary>
public static class ElsaTypeNames
{
    private static readonly Dictionary<string, string> ToHub = new(StringComparer.OrdinalIgnoreCase)
    {
        ["String"] = "string",
        ["Int16"] = "int",
        ["Int32"] = "int",
        ["Byte"] = "int",
        ["Int64"] = "long",
        ["Decimal"] = "decimal",
        ["Double"] = "decimal",
        ["Single"] = "decimal",
        ["Boolean"] = "bool",
        ["DateTime"] = "datetime",
        ["DateTimeOffset"] = "datetime",
        ["Object"] = "object",
        ["ExpandoObject"] = "json",
        ["JsonObject"] = "json",
        ["JsonNode"] = "json",
        ["JsonArray"] = "json",
        ["JsonElement"] = "json",
    };

    private static readonly Dictionary<string, string> FromHub = new(StringComparer.Ordinal)
    {
        ["string"] = "String",
        ["int"] = "Int32",
        ["long"] = "Int64",
        ["decimal"] = "Decimal",
        ["bool"] = "Boolean",
        ["datetime"] = "DateTimeOffset",
        ["json"] = "JsonNode",
        ["object"] = "Object",
    };

    public static IEnumerable<string> KnownVariableTypes => ToHub.Keys.Order(StringComparer.Ordinal);

    /// <summary>The hub variable type for an Elsa type name (a .NET full name such as <c>System.Int32</c> counts by its last part).</summary>
    public static string? Variable(string elsaTypeName)
    {
        var name = elsaTypeName.Split(',')[0].Trim();
        name = name[(name.LastIndexOf('.') + 1)..];
        return ToHub.GetValueOrDefault(name);
    }

    /// <summary>A name as Elsa's accessors spell it, the first letter upper-cased (<c>counter</c> → <c>getCounter()</c>, <c>Variables.Counter</c>).</summary>
    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    /// <summary>The Elsa type name for a hub variable type.</summary>
    public static string Elsa(string hubType) => FromHub.GetValueOrDefault(hubType, "Object");
}
