namespace IntegrationHub.IntegrationTests;

/// <summary>The repository checkout the tests run from (the folder holding IntegrationHub.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("IntegrationHub.sln not found above the test folder.");
    }
}
