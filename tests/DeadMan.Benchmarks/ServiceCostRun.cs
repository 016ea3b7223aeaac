using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DeadMan.Core.Platform;

namespace DeadMan.Benchmarks;

/// <summary>
/// What a dns= and a url= probe cost beside an ICMP echo (issue 33: a DNS probe at most three times an echo's CPU;
/// an HTTPS fetch measured, with and without a fresh TLS handshake): in a network namespace made for the run,
/// Debian's dnsmasq and Python's http.server over TLS (a certificate openssl makes for the run) answer on its loopback, and the native
/// deadman inside it probes that many rows of each kind in turn, 1 probe a row a second, measured as the engine verb
/// measures (CPU over a window after warm-up). Allocations come from deadman's own /metrics
/// (dotnet_gc_allocated_bytes_total) at both ends of the window. Needs root, dnsmasq and openssl; sends only inside
/// the namespace, which is deleted after. Needs python3 too.
/// </summary>
internal static class ServiceCostRun
{
    private const int MetricsPort = 9109;
    private const int HttpsPort = 8443;

    public static async Task<string> MeasureAsync(string binary, int hosts, TimeSpan warmUp, TimeSpan measured, int runs)
    {
        if (!File.Exists(binary))
        {
            return $"no native build at {binary}: scripts/publish";
        }

        foreach ((string tool, string package) in (ReadOnlySpan<(string, string)>)[("/usr/sbin/dnsmasq", "dnsmasq-base"), ("/usr/bin/openssl", "openssl"), ("/usr/bin/python3", "python3")])
        {
            if (!File.Exists(tool))
            {
                return $"{tool} is not installed: apt-get install {package}";
            }
        }

        await using var lab = new BenchNamespace("dmbench-svc");
        string directory = lab.Directory;
        lab.Start("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
            "--bind-interfaces", "--listen-address=127.0.0.1", "--port=53", "--user=root", $"--pid-file={Path.Combine(directory, "pid")}",
            "--host-record=www.example.org,198.51.100.7");
        string key = Path.Combine(directory, "key.pem");
        string certificate = Path.Combine(directory, "cert.pem");
        Commands.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", certificate,
                     "-days", "30", "-subj", "/CN=register.example.org", "-addext", "subjectAltName=DNS:register.example.org");
        // Python's own server over TLS, HTTP/1.1 with keep-alive (openssl s_server -WWW closes after each answer, so
        // http-reuse=on would measure nothing): a 2 KB page, as a health page is small.
        string server = Path.Combine(directory, "serve.py");
        File.WriteAllText(server, $$"""
            import http.server, ssl
            class Page(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                body = b"status: ok\n" + b"x" * 2000
                def do_GET(self):
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(self.body)))
                    self.end_headers()
                    self.wfile.write(self.body)
                def log_message(self, *args):
                    pass
            class Server(http.server.ThreadingHTTPServer):
                request_queue_size = 1024  # a round's 100 connections arrive at once; the default 5 drops SYNs
            server = Server(("127.0.0.1", {{HttpsPort}}), Page)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain("{{certificate}}", "{{key}}")
            # The handshake in each connection's own thread, not one after another in the accepting one.
            server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
            server.serve_forever()
            """);
        lab.Start("python3", server);
        await WaitForAsync(lab.Name, HttpsPort);

        string url = $"url=https://register.example.org:{HttpsPort}/health tls-ca={certificate} http-expect=\"status: ok\" http-version=1.1";
        (string Name, string Line)[] kinds =
        [
            ("ICMP", "127.0.0.1"),
            ("dns=", "127.0.0.1 dns=www.example.org dns-expect=198.51.100.7"),
            ("url=https, new TLS each", $"127.0.0.1 {url}"),
            ("url=https, http-reuse=on", $"127.0.0.1 {url} http-reuse=on"),
        ];

        string[] inside = ["ip", "netns", "exec", lab.Name, binary, "--metrics", $"127.0.0.1:{MetricsPort}"];
        var lines = new List<string> { "| rows | kind | probes/s | CPU µs/probe | × ICMP | allocated B/probe | peak RSS MiB | lost |", "|---:|---|---:|---:|---:|---:|---:|---:|" };
        var ratios = kinds.ToDictionary(k => k.Name, _ => new List<double>());
        for (int run = 0; run < runs; run++)
        {
            Figures? echo = null;
            foreach ((string name, string line) in kinds)
            {
                string list = Path.Combine(directory, "list.conf");
                File.WriteAllLines(list, Enumerable.Range(0, hosts).Select(i => $"h{i} {line}"));
                Figures figures = await DeadmanRun.MeasureAsync($"deadman (native), {name}", inside, list, hosts, warmUp, measured,
                                                                () => AllocatedAsync(lab.Name));
                echo ??= figures;
                double times = figures.MicrosecondsPerProbe / echo.MicrosecondsPerProbe;
                ratios[name].Add(times);
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {hosts} | {name} | {figures.ProbesPerSecond:0} | {figures.MicrosecondsPerProbe:0.0} | {times:0.00} | {figures.AllocatedBytes / Math.Max(1, figures.Probes):0} | {figures.PeakRssMiB:0.0} | {figures.Lost} |"));
            }
        }

        foreach ((string name, List<double> times) in ratios.Skip(1))
        {
            times.Sort();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"median of {runs}: a {name} probe costs {times[times.Count / 2]:0.00}x an ICMP probe's CPU"));
        }

        lines.Add("(the servers' own CPU is not counted)");
        return string.Join('\n', lines);
    }

    // openssl takes a moment to listen; nothing is measured before it does.
    private static async Task WaitForAsync(string ns, int port)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using Socket socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"nothing listens on port {port} in {ns}");
    }

    // deadman's dotnet_gc_allocated_bytes_total, read from its /metrics over a socket opened in the namespace.
    private static async Task<double> AllocatedAsync(string ns)
    {
        using Socket socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await socket.ConnectAsync(IPAddress.Loopback, MetricsPort);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"));
        using var reader = new StreamReader(stream);
        string text = await reader.ReadToEndAsync();
        const string Name = "dotnet_gc_allocated_bytes_total";
        string line = text.Split('\n').First(l => l.StartsWith(Name, StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
