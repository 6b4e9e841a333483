using System.Text.Json;
using IntegrationHub.IntegrationTests.WebConsole;
using IntegrationHub.Testing;
using Microsoft.Playwright;

namespace IntegrationHub.IntegrationTests.Designer;

/// <summary>
/// Elsa Studio (the npm package's custom elements, served by the hub) as the hub's designer, in Debian's Chromium: a
/// person signed in to the console opens a hub workflow, draws a new activity and a connection to it, fills its input,
/// and the designer's save writes the workflow's file, which the hub validates and loads as the next version; Studio's
/// run button runs it and lands on the console's page of the instance.
/// </summary>
public sealed class DesignerBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Flow = """
        definitionId: designer-demo
        version: 1
        name: Designer demo
        trigger: { type: Manual }
        root:
          type: Flowchart
          activities:
            - { id: start, type: Start }
            - { id: hello, type: Log, message: hello }
          connections:
            - start -> hello
        """;

    /// <summary>A hub ForEach holding two activities: Studio draws it as one node, and cannot open it.</summary>
    private const string Composite = """
        definitionId: designer-composite
        version: 1
        name: Designer composite
        trigger: { type: Manual }
        variables:
          - { name: item, type: json }
          - { name: seen, type: int, value: 0 }
        root:
          type: Flowchart
          activities:
            - { id: start, type: Start }
            - id: each
              type: ForEach
              items: [1, 2, 3]
              variable: item
              activities:
                - { id: count, type: SetVariable, variable: seen, value: "${ seen + 1 }" }
                - { id: say, type: Log, message: "item ${ item }" }
            - { id: done, type: Log, message: "saw ${ seen }" }
          connections:
            - start -> each
            - each -> done
        """;

    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["designer-demo.yaml"] = Flow, ["designer-composite.yaml"] = Composite });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task InTheDesigner_AnActivityAndAConnectionAreAdded_AndSavingWritesTheFile_WhichStillValidates()
    {
        var file = Path.Combine(_hub.WorkflowsPath, "designer-demo.yaml");
        var page = await ConsolePages.SignedInAsync(chromium, _hub);
        var external = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(_hub.Http.BaseAddress!.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                external.Add(request.Url);
            }
        };

        await page.GotoAsync("/designer/?definition=designer-demo");
        // The page's token for Elsa Studio opens the Elsa API and nothing else.
        var token = await page.Locator("elsa-workflow-definition-editor").GetAttributeAsync("api-key");
        using (var withToken = new HttpClient { BaseAddress = _hub.Http.BaseAddress })
        {
            withToken.DefaultRequestHeaders.Authorization = new("ApiKey", token);
            using var elsa = await withToken.GetAsync("elsa/api/descriptors/activities");
            using var api = await withToken.GetAsync("api/v1/workflows");
            Assert.Equal(System.Net.HttpStatusCode.OK, elsa.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, api.StatusCode);
            Assert.DoesNotContain(HubTestHost.ApiKey, await page.ContentAsync());
        }

        var hello = page.Locator("g.x6-node[data-cell-id=hello]");
        await hello.WaitForAsync(new() { Timeout = 90_000 }); // the first start downloads and starts .NET in the browser
        await page.GetByText("Primitives", new() { Exact = true }).ClickAsync();
        var canvas = page.Locator("svg.x6-graph-svg");
        var area = (await canvas.BoundingBoxAsync())!;
        await page.Locator("[draggable=true]", new() { HasText = "Write Line" }).DragToAsync(canvas, new() { TargetPosition = new() { X = area.Width / 2, Y = area.Height - 120 } });
        var added = page.Locator("g.x6-node:not([data-cell-id=start]):not([data-cell-id=hello])");
        await added.WaitForAsync();
        var addedId = await added.GetAttributeAsync("data-cell-id");

        // A connection from hello's Done port to the new activity's In port, drawn with the mouse.
        var from = (await hello.Locator(".x6-port-body[port=Done]").BoundingBoxAsync())!;
        var to = (await added.Locator(".x6-port-body[port=In]").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + (from.Width / 2), from.Y + (from.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + 40, from.Y + 60, new() { Steps = 5 });
        await page.Mouse.MoveAsync(to.X + (to.Width / 2), to.Y + (to.Height / 2), new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("g.x6-edge")).ToHaveCountAsync(2);

        // Its text, typed into the property panel; the designer saves on its own (auto-save) once the workflow is whole.
        await added.ClickAsync(new() { Force = true });
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("written in the designer");
        await page.GetByLabel("Text", new() { Exact = true }).PressAsync("Tab");

        // Auto-save may write a version as soon as the connection is drawn (Text is optional) and another once the text
        // is typed: wait for the file that holds the text, and for the hub to have loaded that file's version.
        var text = await Eventually.Await<string?>(async () =>
        {
            var saved = await File.ReadAllTextAsync(file);
            if (!saved.Contains("written in the designer", StringComparison.Ordinal))
            {
                return null;
            }

            var onDisk = JsonDocument.Parse(saved).RootElement.GetProperty("version").GetInt32();
            var loaded = (await _hub.GetJsonAsync("api/v1/workflows/designer-demo")).GetProperty("version").GetInt32();
            return loaded == onDisk && loaded >= 2 ? saved : null;
        }, t => t is not null, TimeSpan.FromSeconds(30), "the designer's save with the typed text is written and loaded");
        Assert.Contains($"\"activity\": \"{addedId}\"", text);
        var all = await _hub.GetJsonAsync("api/v1/workflows");
        Assert.Empty(all.GetProperty("rejected").EnumerateArray());
        var run = await _hub.RunWorkflowAsync("designer-demo", new { });
        Assert.Equal("Finished", run.GetProperty("subStatus").GetString());
        Assert.Contains(run.GetProperty("journal").EnumerateArray(), e => e.GetProperty("activityId").GetString() == addedId);

        // Studio's run button: the hub runs the workflow, and Studio's view of the instance is the console's page of it.
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>(); // what the page asked for, should it not arrive
        page.Request += (_, r) => requests.Enqueue(r.Method + " " + r.Url);
        await page.Locator("elsa-workflow-definition-editor button:has(path[d='M8 5v14l11-7z'])").First.ClickAsync(); // Studio's play icon
        try
        {
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/console/instances/[0-9a-f-]{36}$"), new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("the run did not reach the console; at " + page.Url + " after\n" + string.Join("\n", requests.TakeLast(20)));
        }

        await ConsolePages.InteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("instance-status")).ToContainTextAsync("Finished");
        await Assertions.Expect(page.GetByText(addedId!).First).ToBeVisibleAsync();
        var instanceUrl = page.Url; // the same address opened directly (a bookmark, a reload) is sent there by the hub
        await page.GotoAsync($"/designer/workflows/instances/{instanceUrl[(instanceUrl.LastIndexOf('/') + 1)..]}/view");
        Assert.Equal(instanceUrl, page.Url);
        Assert.Empty(external);
    }

    [Fact]
    public async Task ACompositeStudioCannotOpen_KeepsTheActivitiesInside_WhenTheDrawingAroundItIsSaved()
    {
        var file = Path.Combine(_hub.WorkflowsPath, "designer-composite.yaml");
        var before = await _hub.RunWorkflowAsync("designer-composite", new { });
        var page = await ConsolePages.SignedInAsync(chromium, _hub);
        await page.GotoAsync("/designer/?definition=designer-composite");
        var each = page.Locator("g.x6-node[data-cell-id=each]");
        await each.WaitForAsync(new() { Timeout = 90_000 });

        // Moving the ForEach node is a change Studio saves (the whole model, with the node as Studio holds it).
        var box = (await each.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width / 2) + 80, box.Y + (box.Height / 2) + 60, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        var saved = await Eventually.Await<string?>(async () =>
        {
            var text = await File.ReadAllTextAsync(file);
            return text.TrimStart().StartsWith('{') && (await _hub.GetJsonAsync("api/v1/workflows/designer-composite")).GetProperty("version").GetInt32() >= 2 ? text : null;
        }, t => t is not null, TimeSpan.FromSeconds(30), "the designer's save is written and loaded");

        Assert.Contains("\"count\"", saved);
        Assert.Contains("\"say\"", saved);
        var after = await _hub.RunWorkflowAsync("designer-composite", new { });
        Assert.Equal(Logged(before), Logged(after));
        Assert.Equal(3, after.GetProperty("variables").GetProperty("seen").GetInt32());
    }

    private static List<string> Logged(JsonElement run) =>
        [.. run.GetProperty("journal").EnumerateArray().Select(e => e.GetProperty("activityId").GetString()!)];
}
