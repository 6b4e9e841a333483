using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.DevEnvironment;

/// <summary>
/// The file that points a hub at the dev environment: .NET configuration JSON (<c>Kafka:BootstrapServers</c>,
/// <c>Connectors:&lt;System&gt;:*</c>, <c>DevEnvironment:Systems:&lt;system&gt;:*</c>), written atomically (temp file +
/// rename, readable by the owner only: it holds the sandboxes' fresh credentials) so a reader never sees half of it.
/// </summary>
internal static class SettingsFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[part] = child;
                }

                node = child;
            }

            node[parts[^1]] = value;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        File.Delete(temp); // the create mode applies to new files only
        using (var stream = new FileStream(temp, create))
        {
            JsonSerializer.Serialize(stream, root, Indented);
        }

        File.Move(temp, full, overwrite: true);
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(Path.GetFullPath(path));
        }
        catch (IOException)
        {
        }
    }
}
