using System.Globalization;
using DeadMan.Benchmarks;
using DeadMan.Benchmarks.Floor;
using DeadMan.Benchmarks.Screens;

// Figures, not pass/fail.
//   engine [seconds] [target counts…]: deadman (the JIT build beside this program and the native binary in
//     artifacts/ or DEADMAN_BINARY), fping and a minimal C monitor (the floor) on the same loopback targets, 1 probe
//     per target per second (default 20 s, 1,000 and 10,000). Needs root (raw ICMP) or ping sockets; sends only to
//     127.0.0.0/8.
//   render [host counts…]: bytes the full-screen view sends per second at steady state, and CPU to draw a page of
//     1,000 and 10,000 hosts (or the counts given).
//   screens [busy seconds] [idle seconds]: deadman's frame writer and Terminal.Gui 2.5.0 rendering the same 50-host
//     load in a 200x60 tmux pane: bytes to the terminal, CPU per frame, write calls, idle wake-ups. Needs tmux.
//   whole [seconds] [start|first-frame|screen|operators …]: deadman (JIT and native) in a 200x60 tmux pane as
//     operators run it: `--version` from exec to exit (the start alone, median of 15); start to a first frame with
//     50 loopback hosts' results; the full screen's CPU beyond the headless
//     engine (50 hosts); 1,000 hosts with the screen, -l and --metrics scraped every 15 s. Needs tmux and root (raw
//     ICMP) or ping sockets.
//   web [seconds] [streams] [hosts]: deadman's CPU (JIT and native) with no page open, then with that many
//     /api/events streams read (default 30 s, 200 streams, 50 loopback hosts). Needs root (raw ICMP) or ping sockets.
//   snmp-codec [BenchmarkDotNet options]: SNMP encode/decode time and allocations, and one poll's messages as v2c
//     and as SNMPv3 authPriv (--filter '*UsmPoll*' for that alone).
//   json [BenchmarkDotNet options]: the targets of one /api/state document, written by TargetRecord's writer and by
//     System.Text.Json's source generator from records (the same bytes): time and allocations, 50 and 1,000 targets.
//   snmp-poll [seconds] [interfaces]: CPU of polling that many interfaces (default 1,000) every 10 s against
//     snmpd in a namespace made for the run (root). Sends only inside that namespace.
//   services [seconds] [rows] [runs]: CPU and allocations a probe of dns= questions and url=https fetches (a new TLS
//     handshake each, and one connection kept) beside ICMP echoes, the native build in a namespace made for the run
//     with Debian's dnsmasq and Python's http.server over TLS on its loopback (default 20 s, 100 rows, 3 runs; root).
// Usage: dotnet run -c Release --project tests/DeadMan.Benchmarks -- engine 20
if (args.Length > 0 && args[0] == "snmp-codec")
{
    BenchmarkDotNet.Running.BenchmarkRunner.Run([typeof(SnmpEncodeBenchmarks), typeof(SnmpDecodeBenchmarks), typeof(UsmPollBenchmarks)], args: args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "json")
{
    BenchmarkDotNet.Running.BenchmarkRunner.Run<TargetRecordBenchmarks>(args: args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "snmp-poll")
{
    int pollSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
    int interfaces = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
    Console.WriteLine($"{Environment.ProcessorCount} CPUs, {pollSeconds} s measured after 25 s warm-up");
    Console.WriteLine(await SnmpPollRun.MeasureAsync(interfaces, TimeSpan.FromSeconds(pollSeconds)));
    return;
}

if (args.Length > 0 && args[0] == "services")
{
    TimeSpan serviceWindow = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20);
    int rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
    int serviceRuns = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
    Console.WriteLine($"{Environment.ProcessorCount} CPUs, {serviceWindow.TotalSeconds:0} s measured after 5 s warm-up, {rows} rows at 1 s, each kind in turn in each of {serviceRuns} runs");
    Console.WriteLine(await ServiceCostRun.MeasureAsync(NativeBinary(), rows, TimeSpan.FromSeconds(5), serviceWindow, serviceRuns));
    return;
}

if (args.Length > 0 && args[0] == "web")
{
    TimeSpan webWindow = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30);
    int streams = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
    int webHosts = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50;
    Console.WriteLine($"{Environment.ProcessorCount} CPUs; deadman --web, headless, {webHosts} loopback hosts at 1 s; {webWindow.TotalSeconds:0} s without pages, then {webWindow.TotalSeconds:0} s with the streams open (after 10 s and 5 s warm-up)");
    Console.WriteLine(WebClientsRun.Header);
    foreach ((string name, string path) in new[] { ("JIT", Path.Combine(AppContext.BaseDirectory, "deadman")), ("native", NativeBinary()) }.Where(b => File.Exists(b.Item2)))
    {
        Console.WriteLine(await WebClientsRun.MeasureAsync(name, path, webHosts, streams, webWindow));
    }

    return;
}

if (args.Length > 0 && args[0] == "render")
{
    Console.WriteLine("| full-screen view | figure |\n|---|---:|");
    Console.WriteLine(RenderRun.BytesPerSecond(hosts: 50, width: 200, height: 60, seconds: 60));
    foreach (int hosts in args.Length > 1 ? args[1..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)) : [1_000, 10_000])
    {
        Console.WriteLine(RenderRun.CpuPerFrame(hosts, width: 200, height: 60, frames: Math.Max(50, 100_000 / hosts)));
    }

    return;
}

if (args.Length > 0 && args[0] == "screens")
{
    double busy = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30;
    double idle = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
    Console.WriteLine($"50 hosts, 200x60 tmux pane, 1 result/host/s in 10 ticks/s; {busy:0} s busy and {idle:0} s idle measured after 5 s warm-up, RESULT history full from the start");
    Console.WriteLine(ScreenLibraryRun.Header);
    foreach (string renderer in new[] { "deadman", "terminal-gui" })
    {
        var schedule = new ScreenSchedule(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(busy), TimeSpan.FromSeconds(idle));
        Console.WriteLine(await ScreenLibraryRun.MeasureAsync(renderer, hosts: 50, width: 200, height: 60, schedule));
    }

    return;
}

if (args.Length > 0 && args[0] == "whole")
{
    double wholeSeconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30;
    TimeSpan window = TimeSpan.FromSeconds(wholeSeconds);
    (string Name, string Path)[] builds = [("JIT", Path.Combine(AppContext.BaseDirectory, "deadman")), ("native", NativeBinary())];
    builds = builds.Where(b => File.Exists(b.Path)).ToArray();
    Console.WriteLine($"deadman in a 200x60 tmux pane; {window.TotalSeconds:0} s measured after 10 s warm-up; builds: {string.Join(", ", builds.Select(b => $"{b.Name} {b.Path}"))}");
    string[] parts = args.Length > 2 ? args[2..] : ["start", "first-frame", "screen", "operators"];
    if (parts.Contains("start"))
    {
        Console.WriteLine(WholeProcessRun.StartHeader);
        foreach ((string name, string path) in builds)
        {
            Console.WriteLine(await WholeProcessRun.StartAsync(name, path, runs: 15));
        }
    }

    if (parts.Contains("first-frame"))
    {
        Console.WriteLine(WholeProcessRun.FirstFrameHeader);
        foreach ((string name, string path) in builds)
        {
            Console.WriteLine(await WholeProcessRun.FirstFrameAsync(name, path, hosts: 50, runs: 7));
        }
    }

    if (parts.Contains("screen"))
    {
        Console.WriteLine(WholeProcessRun.ScreenHeader);
        foreach ((string name, string path) in builds)
        {
            Console.WriteLine(await WholeProcessRun.ScreenCostAsync(name, path, hosts: 50, TimeSpan.FromSeconds(10), window));
        }
    }

    if (parts.Contains("operators"))
    {
        Console.WriteLine(WholeProcessRun.OperatorsHeader);
        foreach ((string name, string path) in builds)
        {
            Console.WriteLine(await WholeProcessRun.OperatorsRunAsync(name, path, hosts: 1000, TimeSpan.FromSeconds(10), window));
        }
    }

    return;
}

if (args.Length > 0 && args[0] == ScreenLibraryRun.ChildVerb)
{
    await ScreenLibraryRun.RunChildAsync(args.AsMemory(1));
    return;
}

args = args.Length > 0 && args[0] == "engine" ? args[1..] : args;
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
int[] counts = args.Length > 1 ? args[1..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1000, 10000];
TimeSpan warmUp = TimeSpan.FromSeconds(5);
TimeSpan measured = TimeSpan.FromSeconds(seconds);
string jit = Path.Combine(AppContext.BaseDirectory, "deadman");
string native = NativeBinary();

// RUNS=N measures each count N times, the tools in turn each time, and prints the medians; BESIDE=PATH runs another
// native build (an older commit's) in the same turns; JIT=off leaves the JIT build out.
int runs = int.TryParse(Environment.GetEnvironmentVariable("RUNS"), CultureInfo.InvariantCulture, out int asked) && asked > 0 ? asked : 1;
string? beside = Environment.GetEnvironmentVariable("BESIDE") is { Length: > 0 } other ? Path.GetFullPath(other) : null;
bool withJit = Environment.GetEnvironmentVariable("JIT") != "off";
Console.WriteLine($"{Environment.ProcessorCount} CPUs, {measured.TotalSeconds:0} s measured after {warmUp.TotalSeconds:0} s warm-up, interval 1 s, timeout 1 s, {runs} run(s) each, alternated");
Console.WriteLine($"deadman JIT: {(withJit ? jit : "off")}; native: {native}{(beside is null ? "" : $"; beside: {beside}")}; fping: -q -c N -p 1000 -t 1000 -i 1000/targets; C floor: Floor/icmp_floor.c");
Console.WriteLine(Figures.Header);
foreach (int count in counts)
{
    var turns = new List<Turn>();
    for (int run = 0; run < runs; run++)
    {
        // The floor with the slots deadman uses at 1 s (ProbeTiming.Slot).
        Figures? floor = await FloorRun.MeasureAsync(count, TimeSpan.FromMilliseconds(20), warmUp, measured);
        Figures? fping = await FpingRun.MeasureAsync(Loopback.Addresses(count), warmUp, measured);
        Figures? deadmanJit = withJit ? await DeadmanRun.MeasureAsync("deadman (JIT)", jit, count, warmUp, measured) : null;
        Figures? deadmanNative = await DeadmanRun.MeasureAsync("deadman (native)", native, count, warmUp, measured);
        Figures? deadmanBeside = beside is null ? null : await DeadmanRun.MeasureAsync("deadman (beside)", beside, count, warmUp, measured);
        var turn = new Turn(floor, fping, new[] { deadmanNative, deadmanBeside, deadmanJit, fping, floor }.OfType<Figures>().ToList());
        turns.Add(turn);
        foreach (Figures figures in turn.All)
        {
            Console.WriteLine(figures.Row(floor, fping));
        }

        if (deadmanNative is null)
        {
            Console.WriteLine($"| {count} | deadman (native) | not built: scripts/publish | | | | | | |");
        }

        if (fping is null && !File.Exists("/usr/bin/fping"))
        {
            Console.WriteLine($"| {count} | fping | not installed: apt-get install fping | | | | | | |");
        }

        if (floor is null)
        {
            Console.WriteLine($"| {count} | C floor | no C compiler: apt-get install clang | | | | | | |");
        }
    }

    if (runs > 1)
    {
        Console.WriteLine($"Medians of {runs} runs, {count} targets (each multiple is the median of the runs' own multiples):");
        Console.WriteLine(Figures.Header);
        foreach (string tool in turns.SelectMany(t => t.All).Select(f => f.Tool).Distinct())
        {
            Console.WriteLine(Figures.MedianRow(tool, turns.Select(t => (t.All.FirstOrDefault(f => f.Tool == tool), t.Floor, t.Fping))));
        }
    }
}

// The native release build: DEADMAN_BINARY, else scripts/publish's output (run from the repository's root).
static string NativeBinary() =>
    Environment.GetEnvironmentVariable("DEADMAN_BINARY") is { Length: > 0 } given ? Path.GetFullPath(given) : Path.GetFullPath("artifacts/deadman");

// One turn of every tool on the same targets, one after another.
internal sealed record Turn(Figures? Floor, Figures? Fping, List<Figures> All);
