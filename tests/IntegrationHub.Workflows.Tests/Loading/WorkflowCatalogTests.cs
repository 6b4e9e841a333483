using IntegrationHub.Workflows.Catalog;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Workflows.Tests.Loading;

public sealed class WorkflowCatalogTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "hub-catalog", Guid.NewGuid().ToString("N"))).FullName;
    private readonly WorkflowCatalog _catalog = new(Engine.Create(), NullLogger<WorkflowCatalog>.Instance);

    [Fact]
    public void ChangedFile_BecomesANewVersion_AndOldVersionsStayQueryable()
    {
        var file = Write("flow.yaml", Flow("first"));
        _catalog.LoadFolder(_folder);

        Write("flow.yaml", Flow("second"));
        var second = _catalog.LoadFile(file);

        Assert.NotNull(second);
        Assert.Equal(2, second.Version);
        Assert.Equal(1, second.DeclaredVersion);
        Assert.Equal([1, 2], _catalog.Definitions["flow"].Keys.ToArray());
        Assert.Equal(2, _catalog.Find("flow")!.Version);
        Assert.Equal(1, _catalog.Find("flow", 1)!.Version);
        Assert.NotSame(_catalog.Find("flow", 1)!.Workflow, second.Workflow);
    }

    [Fact]
    public void DeletedFile_RetiresTheDefinition_ItsVersionsStillServeRunningInstances_AndTheFileBringsItBack()
    {
        var file = Write("flow.yaml", Flow("first"));
        _catalog.LoadFolder(_folder);
        var changes = 0;
        _catalog.Changed += (_, _) => changes++;

        File.Delete(file);
        _catalog.LoadFolder(_folder); // the periodic rescan notices deletions the watcher missed

        Assert.True(_catalog.IsRetired("flow"));
        Assert.Null(_catalog.Find("flow"));                 // nothing new starts on it
        Assert.Equal(1, _catalog.Find("flow", 1)!.Version); // instances on version 1 still resume
        Assert.DoesNotContain(_catalog.Active, d => d.Key == "flow");
        Assert.Equal(1, changes);

        Write("flow.yaml", Flow("first"));
        var back = _catalog.LoadFile(file);

        Assert.False(_catalog.IsRetired("flow"));
        Assert.Equal(1, back!.Version); // the same content back: the same version, not a new one
        Assert.Contains(_catalog.Active, d => d.Key == "flow");
        Assert.Equal(2, changes);
    }

    [Fact]
    public void DeletedRejectedFile_IsNoLongerListedAsRejected()
    {
        var file = Write("broken.yaml", Flow("broken").Replace("type: Log", "type: Lgo", StringComparison.Ordinal));
        _catalog.LoadFile(file);
        Assert.Single(_catalog.Rejected);

        File.Delete(file);
        _catalog.Forget(file);

        Assert.Empty(_catalog.Rejected);
    }

    [Fact]
    public void HigherDeclaredVersion_IsUsedAsIs()
    {
        var file = Write("flow.yaml", Flow("first"));
        _catalog.LoadFile(file);

        Write("flow.yaml", Flow("later", version: 7));

        Assert.Equal(7, _catalog.LoadFile(file)!.Version);
    }

    [Fact]
    public void UnchangedFile_IsNotReloaded()
    {
        var file = Write("flow.yaml", Flow("first"));
        _catalog.LoadFile(file);

        Assert.Null(_catalog.LoadFile(file));
        Assert.Single(_catalog.Definitions["flow"]);
    }

    [Fact]
    public void BrokenEdit_IsRejectedWithItsErrors_AndTheLoadedVersionKeepsServing()
    {
        var file = Write("flow.yaml", Flow("first"));
        _catalog.LoadFile(file);

        Write("flow.yaml", Flow("broken").Replace("type: Log", "type: Lgo", StringComparison.Ordinal));
        Assert.Null(_catalog.LoadFile(file));

        var rejected = Assert.Single(_catalog.Rejected.Values);
        Assert.Contains(rejected.Errors, e => e.Contains("unknown activity type 'Lgo'", StringComparison.Ordinal));
        Assert.Equal(1, _catalog.Find("flow")!.Version);

        Write("flow.yaml", Flow("fixed"));
        Assert.Equal(2, _catalog.LoadFile(file)!.Version);
        Assert.Empty(_catalog.Rejected);
    }

    [Fact]
    public void LoadFolder_SkipsSchemaSampleInputsAndHiddenFolders()
    {
        Write("flow.yaml", Flow("first"));
        Write("workflow.schema.json", "{}");
        Write("order.input.json", "{}");
        Directory.CreateDirectory(Path.Combine(_folder, ".git"));
        Write(Path.Combine(".git", "junk.yaml"), "not: a workflow");

        _catalog.LoadFolder(_folder);

        Assert.Equal(["flow"], _catalog.Definitions.Keys.ToArray());
        Assert.Empty(_catalog.Rejected);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Flow(string message, int version = 1) => $$"""
        definitionId: flow
        version: {{version}}
        trigger: { type: Manual }
        root:
          type: Sequence
          activities:
            - { id: say, type: Log, message: {{message}} }
        """;
}
