using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace IntegrationHub.IntegrationTests.Packaging;

/// <summary>
/// There is no Docker engine here to build the image, so the parts of the Dockerfile that drift with the code are checked
/// by reading: the restore layer must hold every project the host references, or <c>dotnet restore</c> fails in the image.
/// </summary>
public sealed partial class DockerfileTests
{
    private const string HostProject = "src/IntegrationHub.Host/IntegrationHub.Host.csproj";

    [Fact]
    public void The_restore_layer_copies_every_project_the_host_references()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile"));
        var copied = CopiedProject().Matches(dockerfile).Select(m => m.Groups["source"].Value).ToHashSet(StringComparer.Ordinal);

        var needed = Closure(HostProject);

        Assert.Empty(needed.Where(p => !copied.Contains(p)).Order(StringComparer.Ordinal));
        Assert.Contains($"RUN dotnet restore {HostProject}", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_copies_the_files_restore_needs_and_the_workflows()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile"));

        Assert.Contains("COPY nuget.config Directory.Build.props Directory.Packages.props ./", dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY workflows/ /app/workflows/", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER app", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_carries_the_designer_build_sh_fetches_and_points_the_hub_at_it()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile"));
        var version = Regex.Match(File.ReadAllText(Path.Combine(Repository.Root, "build.sh")), @"^DESIGNER_VERSION=(\S+)$", RegexOptions.Multiline).Groups[1].Value;

        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
        Assert.Contains($"npm pack @elsa-workflows/elsa-studio-wasm@{version} ", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"elsa-workflows-elsa-studio-wasm-{version}.tgz", dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY --from=designer /designer/package /app/designer/", dockerfile, StringComparison.Ordinal);
        Assert.Contains("Hub__Designer__Path=/app/designer", dockerfile, StringComparison.Ordinal);
        Assert.EndsWith($"-{version}/package", new IntegrationHub.Host.Designer.DesignerOptions().Path, StringComparison.Ordinal);
    }

    /// <summary>The project and every project it references, transitively, as paths relative to the repository root.</summary>
    private static SortedSet<string> Closure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var full = Path.Combine(Repository.Root, current);
            foreach (var reference in XDocument.Load(full).Descendants("ProjectReference"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, target).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^COPY\s+(?<source>\S+\.csproj)\s+\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex CopiedProject();
}
