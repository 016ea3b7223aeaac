using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Dns;
using DeadMan.Core.Probing.Trace;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Probing;

/// <summary>
/// A trace's hops named by reverse DNS: asked of a resolver on loopback that this test runs (no question for these
/// documentation addresses ever reaches the machine's resolver), waited for only on the last pass, remembered.
/// </summary>
public sealed class HopNamerTests : IDisposable
{
    private static readonly IPAddress s_router1 = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress s_router2 = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress s_host = IPAddress.Parse("203.0.113.9");
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new();
    private readonly LoopbackResolver _resolver = new(new()
    {
        [DnsQuery.ReverseName(s_router1)] = "core-1.noc.example.",
        [DnsQuery.ReverseName(s_router2)] = "dist\u001b[31m.example.",
    });

    private readonly HopNamer _namer;
    private readonly Told _told = new();

    public HopNamerTests() => _namer = new HopNamer([_resolver.EndPoint], new DnsTransport(_clock), _clock);

    public void Dispose()
    {
        _namer.Dispose();
        _resolver.Dispose();
    }

    [Fact]
    public async Task Should_name_the_routers_before_telling_the_last_pass_When_the_resolver_answers()
    {
        // Given: the last pass of a trace that reached the host through two routers
        var sink = new NamingSink(_told, _namer);

        // When
        sink.Traced(7, Trace(final: true));

        // Then: told once the names came; the host (named by its row) and loopback never asked about; a name's
        // terminal escape made harmless, its root's dot dropped
        PathTrace told = await _told.Next();
        Assert.Equal(["core-1.noc.example", "dist?[31m.example", null], told.Hops.Select(h => h.Name));
        Assert.Equal(2, _resolver.Questions.Count);
        Assert.DoesNotContain(DnsQuery.ReverseName(s_host), _resolver.Questions);
    }

    [Fact]
    public async Task Should_tell_a_pass_on_the_way_at_once_and_name_the_next_When_names_are_not_known_yet()
    {
        // Given
        var sink = new NamingSink(_told, _namer);

        // When: the first pass, then (once its questions are answered) the second
        sink.Traced(7, Trace(final: false));
        PathTrace first = await _told.Next();
        await _resolver.Answered(2);
        await WhenKnown();
        sink.Traced(7, Trace(final: false));
        PathTrace second = await _told.Next();

        // Then: the first without names, not held back; the second with them, and nothing asked twice
        Assert.All(first.Hops, h => Assert.Null(h.Name));
        Assert.Equal("core-1.noc.example", second.Hops[0].Name);
        Assert.Equal(2, _resolver.Questions.Count);
    }

    [Fact]
    public async Task Should_remember_a_name_and_a_name_that_does_not_exist_When_traces_go_through_the_same_routers()
    {
        // Given: a trace through a router with a name and one without (NXDOMAIN)
        IPAddress nameless = IPAddress.Parse("198.51.100.77");
        var sink = new NamingSink(_told, _namer);
        sink.Traced(1, Trace(final: true, second: nameless));
        PathTrace first = await _told.Next();

        // When: 200 more traces through the same routers
        for (int i = 0; i < 200; i++)
        {
            sink.Traced(i, Trace(final: true, second: nameless));
        }

        // Then: each told at once, named as the first, and the resolver asked once per router
        for (int i = 0; i < 200; i++)
        {
            PathTrace next = await _told.Next();
            Assert.Equal(first.Hops.Select(h => h.Name), next.Hops.Select(h => h.Name));
        }

        Assert.Equal(["core-1.noc.example", null, null], first.Hops.Select(h => h.Name));
        Assert.Equal(2, _resolver.Questions.Count);

        // and a silence is asked about again after five minutes, a name only after an hour
        _clock.Advance(TimeSpan.FromMinutes(6));
        sink.Traced(1, Trace(final: true, second: nameless));
        await _told.Next();
        Assert.Equal(3, _resolver.Questions.Count);
        Assert.Equal(DnsQuery.ReverseName(nameless), _resolver.Questions.Last());
    }

    [Fact]
    public async Task Should_tell_the_last_pass_without_names_after_a_second_When_the_resolver_is_silent()
    {
        // Given: a resolver that has stopped answering
        _resolver.Silent = true;
        var sink = new NamingSink(_told, _namer);

        // When: the last pass, and a second goes by
        sink.Traced(7, Trace(final: true));
        await _resolver.Asked(2);
        Assert.False(_told.Any);
        _clock.Advance(HopNamer.Budget);

        // Then: told, unnamed
        PathTrace told = await _told.Next();
        Assert.All(told.Hops, h => Assert.Null(h.Name));
    }

    [Fact]
    public void Should_read_the_first_three_name_servers_When_reading_a_resolv_conf()
    {
        // Given
        string[] lines =
        [
            "# written by the venue's DHCP",
            "search noc.example",
            "nameserver 192.0.2.53",
            "nameserver\t2001:db8::53",
            "nameserver not-an-address",
            "nameserver 198.51.100.53 # a comment",
            "nameserver 203.0.113.53",
            "options timeout:1",
        ];

        // When
        IReadOnlyList<IPEndPoint> servers = ResolvConf.Read(lines);

        // Then
        Assert.Equal(["192.0.2.53:53", "[2001:db8::53]:53", "198.51.100.53:53"], servers.Select(s => s.ToString()));
    }

    private PathTrace Trace(bool final, IPAddress? second = null) =>
        new(s_host, _clock.GetUtcNow(),
            [
                new TraceHop(1, s_router1, 3, 3, null, null, null, null),
                new TraceHop(2, second ?? s_router2, 3, 3, null, null, null, null),
                new TraceHop(3, s_host, 3, 3, null, null, null, null) { IsDestination = true },
            ],
            Reached: true, Passes: 3)
        { Final = final };

    // The namer remembers an answer just after the transport hands it over: wait for that, not a fixed time.
    private async Task WhenKnown()
    {
        DateTime until = DateTime.UtcNow + s_limit;
        _namer.Named(Trace(final: false), out bool complete);
        while (!complete)
        {
            Assert.True(DateTime.UtcNow < until, "the names were never remembered");
            await Task.Delay(10);
            _namer.Named(Trace(final: false), out complete);
        }
    }

    private sealed class Told : IProbeSink
    {
        private readonly BlockingCollection<PathTrace> _traces = [];

        public bool Any => _traces.Count > 0;

        public void Report(int targetId, long round, ProbeResult result)
        {
        }

        public void Traced(int targetId, PathTrace trace) => _traces.Add(trace);

        public Task<PathTrace> Next() => Task.Run(() =>
            _traces.TryTake(out PathTrace? trace, s_limit) ? trace : throw new TimeoutException("no trace was told"));
    }

    /// <summary>Answers PTR questions on 127.0.0.1 from a table (NXDOMAIN for the rest), and keeps what it was asked.</summary>
    private sealed class LoopbackResolver : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly Dictionary<string, string> _names;
        private readonly CancellationTokenSource _stop = new();
        private int _answered;

        public LoopbackResolver(Dictionary<string, string> names)
        {
            _names = names;
            _ = Task.Run(Serve);
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

        public ConcurrentQueue<string> Questions { get; } = new();

        public bool Silent { get; set; }

        public Task Asked(int count) => Until(() => Questions.Count >= count);

        public Task Answered(int count) => Until(() => Volatile.Read(ref _answered) >= count);

        private static async Task Until(Func<bool> condition)
        {
            DateTime until = DateTime.UtcNow + s_limit;
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < until, "the resolver was not asked in time");
                await Task.Delay(10);
            }
        }

        private async Task Serve()
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult question;
                try
                {
                    question = await _socket.ReceiveAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                byte[] q = question.Buffer;
                int end = 12;
                var labels = new List<string>();
                while (q[end] != 0)
                {
                    labels.Add(Encoding.ASCII.GetString(q, end + 1, q[end]));
                    end += q[end] + 1;
                }

                end += 5; // the root label, type and class
                string name = string.Join('.', labels);
                Questions.Enqueue(name);
                if (Silent)
                {
                    continue;
                }

                bool known = _names.TryGetValue(name, out string? target);
                var answer = new List<byte> { q[0], q[1], 0x81, (byte)(known ? 0x80 : 0x83), 0, 1, 0, (byte)(known ? 1 : 0), 0, 0, 0, 0 };
                answer.AddRange(q[12..end]);
                if (known)
                {
                    byte[] data = [.. target!.TrimEnd('.').Split('.').SelectMany(l => new[] { (byte)l.Length }.Concat(Encoding.ASCII.GetBytes(l))), 0];
                    answer.AddRange([0xC0, 12, 0, 12, 0, 1, 0, 0, 0x0E, 0x10, (byte)(data.Length >> 8), (byte)data.Length, .. data]);
                }

                byte[] message = [.. answer];
                await _socket.SendAsync(message, message.Length, question.RemoteEndPoint);
                Interlocked.Increment(ref _answered);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
