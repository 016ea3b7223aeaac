using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>
/// What open web pages cost deadman: a headless run on loopback hosts with <c>--web</c>, its CPU over a window with
/// no page open, then over the same window with that many <c>/api/events</c> streams read to the end (as many
/// browsers would). The difference is the pages' share; the messages and bytes they received say what was served.
/// </summary>
internal static class WebClientsRun
{
    public const string Header = "| build | hosts | streams | CPU-s/s, no page | CPU-s/s, streams open | streams' cost CPU-s/s | messages/s per stream | KiB/s, all streams | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|";

    public static async Task<string> MeasureAsync(string build, string binary, int hosts, int streams, TimeSpan measured)
    {
        const int port = 18170;
        string list = Loopback.HostList(hosts);
        var start = new ProcessStartInfo(binary, [list, "--count", "100000", "--web", $"127.0.0.1:{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process deadman = Process.Start(start)!;
        _ = deadman.StandardOutput.ReadToEndAsync();
        _ = deadman.StandardError.ReadToEndAsync();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = streams + 1 }) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            TimeSpan warmUp = TimeSpan.FromSeconds(10);
            await Task.Delay(warmUp);
            MeasuredWindow quiet = await MeasuredWindow.OfAsync(deadman.Id, warmUp, measured);

            var counts = new StreamCounts();
            Task[] readers = [.. Enumerable.Range(0, streams).Select(_ => ReadAsync(http, new Uri($"http://127.0.0.1:{port}/api/events"), counts, stop.Token))];
            await Task.Delay(TimeSpan.FromSeconds(5));
            (long messages, long bytes) = counts.Read();
            MeasuredWindow open = await MeasuredWindow.OfAsync(deadman.Id, warmUp, measured);
            (long messagesAfter, long bytesAfter) = counts.Read();
            int connected = counts.Connected;
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            double perStream = (messagesAfter - messages) / open.Seconds / Math.Max(1, connected);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {build} | {hosts} | {connected} | {quiet.CpuPerSecond:0.0000} | {open.CpuPerSecond:0.0000} | {open.CpuPerSecond - quiet.CpuPerSecond:0.0000} | {perStream:0.00} | {(bytesAfter - bytes) / open.Seconds / 1024:0} | {open.PeakRssMiB:0.0} |");
        }
        finally
        {
            deadman.Kill();
            await deadman.WaitForExitAsync();
            File.Delete(list);
        }
    }

    // One page's stream: read and counted, never parsed (a browser's parsing is the browser's cost).
    private static async Task ReadAsync(HttpClient http, Uri url, StreamCounts counts, CancellationToken stop)
    {
        try
        {
            using HttpResponseMessage response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            counts.Connect();
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                counts.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class StreamCounts
    {
        private long _messages;
        private long _bytes;
        private int _connected;

        public int Connected => Volatile.Read(ref _connected);

        public void Connect() => Interlocked.Increment(ref _connected);

        public void Add(string line)
        {
            Interlocked.Add(ref _bytes, line.Length + 1);
            if (line.StartsWith("event: state", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _messages);
            }
        }

        public (long Messages, long Bytes) Read() => (Interlocked.Read(ref _messages), Interlocked.Read(ref _bytes));
    }
}
