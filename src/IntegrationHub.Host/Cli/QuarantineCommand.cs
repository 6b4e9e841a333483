using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Host.Cli;

/// <summary>
/// The <c>quarantine</c> verb over <c>/api/v1/quarantine</c> on a running hub (API key from HUB_API_KEY): <c>list</c>
/// (filters, newest refusal first, every page), <c>show &lt;id&gt;</c>, <c>replay &lt;id&gt;</c> or <c>replay --all</c>
/// (through the flow that refused them; the answer says released or still quarantined), <c>discard &lt;id&gt; --reason</c>.
/// Exit codes as <see cref="HubApiCalls"/>.
/// </summary>
internal static class QuarantineCommand
{
    private const string Verb = "quarantine";

    public static Command Build(TextWriter output, TextWriter error)
    {
        Option<string> Url() => new("--url") { Description = "The running hub.", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        Option<string?> Flow() => new("--flow") { Description = "Only records this flow refused." };
        Option<string?> Reason() => new("--reason") { Description = "Only records with this text in a refused field's name or reason (any case)." };

        var listUrl = Url();
        var listFlow = Flow();
        var listReason = Reason();
        var status = new Option<string?>("--status") { Description = "open (default), released, discarded or any." };
        var entity = new Option<string?>("--entity") { Description = "Only this canonical entity (customer, order, payment, ...)." };
        var record = new Option<string?>("--record") { Description = "Only this source record (its id in its system)." };
        var from = new Option<string?>("--from") { Description = "Only records last refused at or after this instant (ISO 8601 with offset, e.g. 2026-12-01T00:00:00Z)." };
        var to = new Option<string?>("--to") { Description = "Only records last refused before this instant (ISO 8601 with offset)." };
        var list = new Command("list", "List quarantined records, newest refusal first: id, status, flow, record, times and reasons.") { listFlow, status, entity, record, listReason, from, to, listUrl };
        list.SetAction((p, ct) => HubApiCalls.ListAsync(Verb, p.GetValue(listUrl)!, "api/v1/quarantine",
            HubApiCalls.Query(("flow", p.GetValue(listFlow)), ("status", p.GetValue(status)), ("entity", p.GetValue(entity)), ("externalId", p.GetValue(record)), ("reason", p.GetValue(listReason)),
                ("from", p.GetValue(from)), ("to", p.GetValue(to))),
            "records", Line, "quarantined records", output, error, ct));

        var showUrl = Url();
        var showId = new Argument<long>("id") { Description = "The quarantine entry to show." };
        var show = new Command("show", "Show one quarantined record: its reasons, the record as refused, its replays and any discard.") { showId, showUrl };
        show.SetAction((p, ct) => HubApiCalls.SendAsync(Verb, HttpMethod.Get, $"api/v1/quarantine/{p.GetValue(showId)}", p.GetValue(showUrl)!, Entry, output, error, ct));

        var replayUrl = Url();
        var replayId = new Argument<long?>("id") { Description = "The quarantine entry to replay (or --all).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Replay every open record (of --flow and --reason when given)." };
        var replayFlow = Flow();
        var replayReason = Reason();
        var replay = new Command("replay", "Run a quarantined record (or every open one) through the flow that refused it again.") { replayId, all, replayFlow, replayReason, replayUrl };
        replay.SetAction((p, ct) =>
        {
            var id = p.GetValue(replayId);
            if (id is null == !p.GetValue(all))
            {
                error.WriteLine($"{Verb} replay: give either an id or --all");
                return Task.FromResult(2);
            }

            var path = id is { } one ? $"api/v1/quarantine/{one}/replay"
                : "api/v1/quarantine/replay" + HubApiCalls.Query(("flow", p.GetValue(replayFlow)), ("reason", p.GetValue(replayReason)));
            return HubApiCalls.SendAsync(Verb, HttpMethod.Post, path, p.GetValue(replayUrl)!, Replayed, output, error, ct);
        });

        var discardUrl = Url();
        var discardId = new Argument<long>("id") { Description = "The quarantine entry to discard." };
        var why = new Option<string>("--reason") { Description = "Why the record is given up (kept as the audit).", Required = true };
        var discard = new Command("discard", "Give a quarantined record up with a reason; the entry stays as the audit.") { discardId, why, discardUrl };
        discard.SetAction((p, ct) => HubApiCalls.SendAsync(Verb, HttpMethod.Delete, $"api/v1/quarantine/{p.GetValue(discardId)}" + HubApiCalls.Query(("reason", p.GetValue(why))),
            p.GetValue(discardUrl)!, Entry, output, error, ct));

        return new Command(Verb, "List, show, replay or discard a running hub's quarantined records (API key from HUB_API_KEY).") { list, show, replay, discard };
    }

    private static string Line(JsonElement e)
    {
        var record = e.GetProperty("record");
        var reasons = string.Join("; ", e.GetProperty("reasons").EnumerateObject().Select(r => $"{r.Name}: {r.Value.GetString()}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{e.GetProperty("id").GetInt64(),6}  {e.GetProperty("status").GetString(),-9}  {e.GetProperty("flow").GetString()}  {record.GetProperty("system").GetString()} {record.GetProperty("entity").GetString()} {record.GetProperty("externalId").GetString()}  {e.GetProperty("lastSeen").GetDateTimeOffset():u}  x{e.GetProperty("times").GetInt32()}  {reasons}");
    }

    private static string Entry(JsonElement e) => $"quarantine entry {e.GetProperty("id").GetInt64()}: {e.GetProperty("status").GetString()}";

    // One line over the runs: how many were replayed, released and still quarantined, runs still going, and what was refused.
    private static string Replayed(JsonElement answer)
    {
        var runs = answer.GetProperty("runs").EnumerateArray().ToList();
        var entries = runs.SelectMany(r => r.GetProperty("entries").EnumerateArray()).ToList();
        var released = entries.Count(e => e.GetProperty("status").GetString() == "released");
        var running = runs.Count(r => r.GetProperty("status").GetString() == "Running");
        var refused = answer.GetProperty("refused").GetArrayLength();
        return entries.Count == 1 && refused == 0 && running == 0
            ? Entry(entries[0])
            : $"{entries.Count} replayed: {released} released, {entries.Count - released} still quarantined"
              + (running > 0 ? $", {running} runs still going" : "") + (refused > 0 ? $"; {refused} cannot be replayed through their flow" : "");
    }
}
