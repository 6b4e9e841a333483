using System.Reflection;

namespace IntegrationHub.Connectors.Hosting.Plugins;

/// <summary>A plugin that loaded: its name (the folder's), its main assembly and its registration object.</summary>
public sealed record LoadedConnectorPlugin(string Name, string Folder, Assembly Assembly, IConnectorPlugin Registration);
