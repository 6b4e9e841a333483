using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Catalog;

/// <summary>
/// The workflow definitions the hub knows, loaded from files. Every version stays queryable; instances started on a
/// version keep running on it. A file whose content changes becomes a new version: the file's own <c>version</c> when it
/// is higher than the newest loaded, else the newest plus one. A file with errors is rejected as a whole and listed in
/// <see cref="Rejected"/> with every error, while the versions already loaded keep serving. A definition whose newest
/// version's file is deleted is retired: it leaves <see cref="Active"/> (its triggers stop) and cannot be started,
/// but its versions stay loaded for the instances already running on them; a file defining it again brings it back.
/// </summary>
public sealed partial class WorkflowCatalog(WorkflowEngine engine, ILogger<WorkflowCatalog> logger)
{
    private readonly Lock _lock = new();
    private ImmutableDictionary<string, ImmutableSortedDictionary<int, CatalogEntry>> _definitions = ImmutableDictionary<string, ImmutableSortedDictionary<int, CatalogEntry>>.Empty;
    private ImmutableDictionary<string, RejectedFile> _rejected = ImmutableDictionary<string, RejectedFile>.Empty;
    private ImmutableDictionary<string, string> _fileHashes = ImmutableDictionary<string, string>.Empty;
    private ImmutableHashSet<string> _retired = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    public static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Raised after a new version was loaded or a definition retired (triggers re-read the catalog).</summary>
    public event EventHandler? Changed;

    /// <summary>Every definition id with its versions, newest last, retired ones included.</summary>
    public IReadOnlyDictionary<string, ImmutableSortedDictionary<int, CatalogEntry>> Definitions => _definitions;

    /// <summary>The definitions that may start instances: <see cref="Definitions"/> without the retired ones.</summary>
    public IEnumerable<KeyValuePair<string, ImmutableSortedDictionary<int, CatalogEntry>>> Active
    {
        get
        {
            var retired = _retired;
            return _definitions.Where(d => !retired.Contains(d.Key));
        }
    }

    /// <summary>Whether the definition's file was deleted (its versions still serve running instances).</summary>
    public bool IsRetired(string definitionId) => _retired.Contains(definitionId);

    /// <summary>Files that failed to load, by path, with every error.</summary>
    public IReadOnlyDictionary<string, RejectedFile> Rejected => _rejected;

    /// <summary>
    /// A given version of a definition (retired or not: instances keep running on it), or without a version the newest
    /// version of an active definition (null when retired: nothing new starts on it).
    /// </summary>
    public CatalogEntry? Find(string definitionId, int? version = null) =>
        _definitions.TryGetValue(definitionId, out var versions) && versions.Count > 0
            ? version is { } v ? versions.GetValueOrDefault(v) : _retired.Contains(definitionId) ? null : versions.Values.Last()
            : null;

    /// <summary>Loads every workflow file under <paramref name="folder"/> (not recursive into hidden folders).</summary>
    public void LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            LogMissingFolder(logger, folder);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsWorkflowFile).Order(StringComparer.Ordinal))
        {
            LoadFile(file);
        }

        // Deletions the watcher missed.
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        foreach (var known in _fileHashes.Keys.Where(p => p.StartsWith(root, StringComparison.Ordinal) && !File.Exists(p)).ToList())
        {
            Forget(known);
        }
    }

    /// <summary>
    /// A workflow file is gone: definitions whose newest version came from it are retired, and its rejection (if any)
    /// is dropped. Loading the file again (even unchanged) brings them back.
    /// </summary>
    public void Forget(string path)
    {
        var full = Path.GetFullPath(path);
        List<string> retired;
        bool changed;
        lock (_lock)
        {
            changed = _fileHashes.ContainsKey(full) || _rejected.ContainsKey(full);
            _fileHashes = _fileHashes.Remove(full);
            _rejected = _rejected.Remove(full);
            retired = _definitions.Where(d => !_retired.Contains(d.Key) && d.Value.Values.Last().Path == full).Select(d => d.Key).ToList();
            _retired = _retired.Union(retired);
        }

        foreach (var definitionId in retired)
        {
            LogRetired(logger, definitionId, full);
        }

        if (changed)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>YAML or JSON, but not the schema (<c>*.schema.json</c>), sample inputs (<c>*.input.json</c>) or hidden folders.</summary>
    public static bool IsWorkflowFile(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase)
        && !Path.GetFileName(path).EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)
        && !Path.GetFileName(path).EndsWith(".input.json", StringComparison.OrdinalIgnoreCase)
        && !path.Split(Path.DirectorySeparatorChar).Any(part => part.Length > 1 && part.StartsWith('.') && part != "..");

    /// <summary>Loads or reloads one file. Unchanged content is a no-op.</summary>
    /// <returns>The loaded entry, or null when the file was unchanged, rejected or gone.</returns>
    public CatalogEntry? LoadFile(string path)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (IOException ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            Forget(full);
            return null;
        }
        catch (IOException ex)
        {
            LogUnreadable(logger, full, ex.Message);
            return null;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (_fileHashes.TryGetValue(full, out var known) && known == hash)
        {
            return null;
        }

        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        var result = engine.Load(relative.StartsWith("..", StringComparison.Ordinal) ? full : relative, text);
        lock (_lock)
        {
            _fileHashes = _fileHashes.SetItem(full, hash);
            if (!result.Succeeded)
            {
                _rejected = _rejected.SetItem(full, new RejectedFile(full, result.Errors.Select(e => e.ToString()).ToList()));
                LogRejected(logger, full, result.Errors.Count, string.Join(Environment.NewLine, result.Errors));
                return null;
            }

            _rejected = _rejected.Remove(full);
            var workflow = result.Workflow!;
            var versions = _definitions.GetValueOrDefault(workflow.DefinitionId) ?? ImmutableSortedDictionary<int, CatalogEntry>.Empty;
            if (_retired.Contains(workflow.DefinitionId))
            {
                _retired = _retired.Remove(workflow.DefinitionId);
                if (versions.Values.Last() is { } newestEntry && newestEntry.ContentHash == hash && newestEntry.Path == full)
                {
                    // The same file back unchanged: the same version serves again.
                    LogRestored(logger, workflow.DefinitionId, newestEntry.Version, full);
                    Changed?.Invoke(this, EventArgs.Empty);
                    return newestEntry;
                }
            }

            var newest = versions.Count == 0 ? 0 : versions.Keys.Last();
            var version = versions.Count == 0 || workflow.Version > newest ? workflow.Version : newest + 1;
            var entry = new CatalogEntry(workflow.DefinitionId, version, workflow.Version, full, hash, workflow);
            _definitions = _definitions.SetItem(workflow.DefinitionId, versions.SetItem(version, entry));
            LogLoaded(logger, workflow.DefinitionId, version, full);
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return _definitions[result.Workflow!.DefinitionId].Values.Last();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {DefinitionId} version {Version} loaded from {Path}")]
    private static partial void LogLoaded(ILogger logger, string definitionId, int version, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {DefinitionId} retired: its file {Path} was deleted; its triggers stop and running instances finish on their version")]
    private static partial void LogRetired(ILogger logger, string definitionId, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {DefinitionId} version {Version} active again: {Path} is back")]
    private static partial void LogRestored(ILogger logger, string definitionId, int version, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow file {Path} rejected with {Count} errors; versions already loaded keep running:\n{Errors}")]
    private static partial void LogRejected(ILogger logger, string path, int count, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow file {Path} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow folder {Folder} does not exist; no workflows loaded")]
    private static partial void LogMissingFolder(ILogger logger, string folder);
}

/// <summary>One loaded version of a definition. <see cref="DeclaredVersion"/> is what the file says.</summary>
public sealed record CatalogEntry(string DefinitionId, int Version, int DeclaredVersion, string Path, string ContentHash, ExecutableWorkflow Workflow);

/// <summary>A file that failed to load, with every error as <c>file:line:col path: message</c>.</summary>
public sealed record RejectedFile(string Path, IReadOnlyList<string> Errors);
