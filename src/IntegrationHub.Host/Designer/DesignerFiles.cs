using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace IntegrationHub.Host.Designer;

/// <summary>
/// Elsa Studio's package folder as static files, without the package's own page and settings: its <c>index.html</c>
/// loads web fonts from Google and its <c>appsettings.json</c> points at a localhost backend; the hub serves its own.
/// </summary>
internal sealed class DesignerFiles(string root) : IFileProvider
{
    private static readonly string[] Hidden = ["/index.html", "/appsettings.json", "/package.json"];
    private readonly PhysicalFileProvider _files = new(root);

    public IFileInfo GetFileInfo(string subpath) =>
        Hidden.Contains(subpath, StringComparer.OrdinalIgnoreCase) ? new NotFoundFileInfo(subpath) : _files.GetFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
}
