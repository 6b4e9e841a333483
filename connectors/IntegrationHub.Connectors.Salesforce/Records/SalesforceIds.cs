namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>Salesforce record ids: 15 (case-sensitive) or 18 (case-safe) letters and digits.</summary>
internal static class SalesforceIds
{
    public static bool IsId(string value) => value.Length is 15 or 18 && value.All(char.IsAsciiLetterOrDigit);
}
