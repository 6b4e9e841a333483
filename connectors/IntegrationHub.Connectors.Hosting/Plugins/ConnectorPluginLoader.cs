using System.Reflection;

namespace IntegrationHub.Connectors.Hosting.Plugins;

/// <summary>
/// Loads every plugin under a folder: each subfolder is one plugin, named after the folder, holding its main assembly
/// (the one its <c>*.deps.json</c> describes, or <c>&lt;folder&gt;.dll</c>) and its private dependencies. Each plugin gets
/// its own <see cref="ConnectorPluginLoadContext"/> and must have exactly one public class implementing
/// <see cref="IConnectorPlugin"/> with a public parameterless constructor. Every problem of every plugin is collected
/// and thrown together as one <see cref="ConnectorPluginException"/>: a broken plugin stops the start.
/// </summary>
public static class ConnectorPluginLoader
{
    /// <exception cref="ConnectorPluginException">The folder is missing, or a plugin cannot be loaded.</exception>
    public static IReadOnlyList<LoadedConnectorPlugin> Load(string pluginsPath)
    {
        var root = Path.GetFullPath(pluginsPath);
        if (!Directory.Exists(root))
        {
            throw new ConnectorPluginException([$"Connectors:PluginsPath '{root}' does not exist (leave the setting empty for no plugins)."]);
        }

        var plugins = new List<LoadedConnectorPlugin>();
        var problems = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            try
            {
                plugins.Add(LoadOne(name, folder));
            }
            catch (PluginProblem problem)
            {
                problems.Add($"plugin '{name}' ({folder}): {problem.Message}");
            }
        }

        return problems.Count > 0 ? throw new ConnectorPluginException(problems) : plugins;
    }

    private static LoadedConnectorPlugin LoadOne(string name, string folder)
    {
        var main = MainAssembly(name, folder);
        var context = new ConnectorPluginLoadContext(name, main);
        Assembly assembly;
        Type[] types;
        try
        {
            assembly = context.LoadFromAssemblyPath(main);
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
        {
            throw new PluginProblem($"{Path.GetFileName(main)} cannot be loaded: {ex.Message}");
        }

        var candidates = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConnectorPlugin).IsAssignableFrom(t)).ToList();
        if (candidates.Count == 0)
        {
            var lookalike = types.Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(IConnectorPlugin).FullName));
            throw new PluginProblem(lookalike
                ? $"{Path.GetFileName(main)} implements a different copy of {typeof(IConnectorPlugin).FullName} than the hub's."
                : $"{Path.GetFileName(main)} has no public class implementing {typeof(IConnectorPlugin).FullName}.");
        }

        if (candidates.Count > 1)
        {
            throw new PluginProblem(
                $"{Path.GetFileName(main)} has {candidates.Count} classes implementing {nameof(IConnectorPlugin)} ({string.Join(", ", candidates.Select(c => c.FullName))}); a plugin has exactly one.");
        }

        var type = candidates[0];
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginProblem($"{type.FullName} has no public parameterless constructor.");
        }

        try
        {
            return new LoadedConnectorPlugin(name, folder, assembly, (IConnectorPlugin)Activator.CreateInstance(type)!);
        }
        catch (TargetInvocationException ex)
        {
            throw new PluginProblem($"creating {type.FullName} failed: {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
        }
    }

    private static string MainAssembly(string name, string folder)
    {
        var depsFiles = Directory.GetFiles(folder, "*.deps.json");
        var candidates = depsFiles.Select(d => d[..^".deps.json".Length] + ".dll").Where(File.Exists).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var byName = Path.Combine(folder, name + ".dll");
        if (File.Exists(byName))
        {
            return byName;
        }

        throw new PluginProblem(candidates.Count > 1
            ? $"more than one assembly with a .deps.json ({string.Join(", ", candidates.Select(Path.GetFileName))}) and no {name}.dll to choose."
            : $"no plugin assembly: expected {name}.dll or one assembly with its .deps.json.");
    }

    private sealed class PluginProblem(string message) : Exception(message);
}
