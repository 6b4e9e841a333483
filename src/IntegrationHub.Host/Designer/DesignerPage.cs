using System.Text.Encodings.Web;
using IntegrationHub.Workflows.Catalog;

namespace IntegrationHub.Host.Designer;

/// <summary>
/// The designer's HTML: Elsa Studio's custom elements on a page of the hub's own (the package's page loads web fonts from
/// Google; this one loads nothing from another host). With a definition id, the workflow definition editor; without,
/// the hub's workflows with links to edit each.
/// </summary>
internal static class DesignerPage
{
    public static string Editor(string definitionId, string apiUrl, string token)
    {
        var id = HtmlEncoder.Default.Encode(definitionId);
        return Page($"Designer: {id}", $"""
            <nav class="hub-designer-bar"><a href="/designer/">All workflows</a> <span>{id}</span> <a href="/console/workflows/{UrlEncoder.Default.Encode(definitionId)}">In the console</a></nav>
            <elsa-workflow-definition-editor definition-id="{id}" remote-endpoint="{HtmlEncoder.Default.Encode(apiUrl)}" api-key="{HtmlEncoder.Default.Encode(token)}"></elsa-workflow-definition-editor>
            """, scripts: true);
    }

    public static string List(WorkflowCatalog catalog)
    {
        var rows = string.Join("\n", catalog.Active.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
        {
            var entry = d.Value.Values.Last();
            var id = HtmlEncoder.Default.Encode(d.Key);
            return $"""<li><a href="/designer/?definition={UrlEncoder.Default.Encode(d.Key)}">{id}</a> v{entry.Version}: {HtmlEncoder.Default.Encode(entry.Workflow.Definition.Name ?? "")} <small>{HtmlEncoder.Default.Encode(System.IO.Path.GetFileName(entry.Path))}</small></li>""";
        }));
        return Page("Designer", $"""
            <main class="hub-designer-list"><h1>Workflows</h1><p>Open a workflow in Elsa Studio. Saving writes its file in the workflows folder; the hub checks it and loads it like any other.</p><ul>{rows}</ul></main>
            """, scripts: false);
    }

    public static string NotInstalled(string path) => Page("Designer not installed", $"""
        <main class="hub-designer-list"><h1>The designer is not installed</h1><p>Elsa Studio's files are not in <code>{HtmlEncoder.Default.Encode(path)}</code>. Run <code>./build.sh setup</code>, which fetches them (npm package @elsa-workflows/elsa-studio-wasm 3.8.2), or set Hub:Designer:Path.</p></main>
        """, scripts: false);

    private static string Page(string title, string body, bool scripts) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1.0"/>
        <title>{{title}} · IntegrationHub</title>
        <base href="/designer/"/>
        <link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet"/>
        <link href="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css" rel="stylesheet"/>
        <link href="_content/Radzen.Blazor/css/material-base.css" rel="stylesheet"/>
        <link href="_content/Elsa.Studio.Shell/css/shell.css" rel="stylesheet"/>
        <link href="Elsa.Studio.Host.CustomElements.styles.css" rel="stylesheet"/>
        <style>
          body { margin: 0; font-family: system-ui, sans-serif; }
          .hub-designer-bar { display: flex; gap: 1rem; padding: .4rem 1rem; background: #1e293b; color: #fff; font-size: .9rem; }
          .hub-designer-bar a { color: #93c5fd; }
          .hub-designer-list { padding: 1rem 2rem; }
          elsa-workflow-definition-editor { display: block; height: calc(100vh - 2rem); }
        </style>
        </head>
        <body>
        {{body}}
        {{(scripts ? """
        <script src="_content/BlazorMonaco/jsInterop.js"></script>
        <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js"></script>
        <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"></script>
        <script src="_content/MudBlazor/MudBlazor.min.js"></script>
        <script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js"></script>
        <script src="_content/Radzen.Blazor/Radzen.Blazor.js"></script>
        <script>
          // After its run button, Elsa Studio opens its own view of the instance by a client-side navigation under
          // /designer/ (no request reaches the hub). The hub's view of an instance is the console's page: go there.
          (function () {
            var view = /\/designer\/workflows\/instances\/([0-9a-fA-F-]{36})\/view$/;
            function follow() { var m = view.exec(location.pathname); if (m) { location.replace('/console/instances/' + m[1]); } }
            ['pushState', 'replaceState'].forEach(function (name) {
              var original = history[name];
              history[name] = function () { var result = original.apply(this, arguments); follow(); return result; };
            });
            window.addEventListener('popstate', follow);
          })();
        </script>
        <script src="_framework/blazor.webassembly.js"></script>
        """ : "")}}
        </body>
        </html>
        """;
}
