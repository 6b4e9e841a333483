namespace IntegrationHub.SamplePlugin.Contacts;

/// <summary>The sample plugin's data: a fixed list of marketing contacts.</summary>
public static class ContactBook
{
    public static IReadOnlyList<(string Id, string Email, long Version)> All { get; } =
    [
        ("m-1", "ada@example.test", 3),
        ("m-2", "grace@example.test", 5),
        ("m-3", "edsger@example.test", 1),
    ];
}
