namespace IntegrationHub.Sandbox.Salesforce.Soql;

/// <summary>A parsed SOQL query: <c>SELECT fields FROM object [WHERE condition] [ORDER BY ...] [LIMIT n]</c>.</summary>
internal sealed record SoqlQuery(IReadOnlyList<string> Fields, string From, SoqlCondition? Where, IReadOnlyList<SoqlOrder> OrderBy, int? Limit);

/// <summary>One ORDER BY term.</summary>
internal sealed record SoqlOrder(string Field, bool Descending);
