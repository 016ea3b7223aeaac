using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Dns;

/// <summary>
/// <c>dns=NAME</c>: asks the row's address, a DNS server, for the name each round, with no cache and no retry, so
/// each round is one question and its RTT the time to the answer (over UDP, and again over TCP when it comes
/// truncated, both within the timeout). What went wrong is named, never a bare failure: no answer in time is "no
/// reply" (X), a server that answers but not as asked (SERVFAIL, NXDOMAIN, REFUSED, no record of the type, an answer
/// without what <c>dns-expect=</c> wants) is <see cref="ProbeOutcome.Wrong"/> with the reason.
/// </summary>
internal sealed class DnsProbe : IProbe
{
    private readonly int _targetId;
    private readonly IPEndPoint _server;
    private readonly DnsProbeSpec _spec;
    private readonly DnsQuery _query;
    private readonly DnsTransport _transport;
    private readonly ProbeTiming _timing;
    private readonly TimeProvider _time;
    private readonly IProbeSink _sink;
    private readonly CancellationTokenSource _disposed = new();

    public DnsProbe(int targetId, IPEndPoint server, DnsProbeSpec spec, DnsTransport transport, ProbeTiming timing, TimeProvider time, IProbeSink sink)
    {
        _targetId = targetId;
        _server = server;
        _spec = spec;
        var type = Enum.Parse<DnsRecordType>(spec.Type);
        // "dns-type=PTR dns=192.0.2.1" asks for the address's reverse name.
        _query = new DnsQuery(type == DnsRecordType.PTR && IPAddress.TryParse(spec.Query, out IPAddress? address) ? DnsQuery.ReverseName(address) : spec.Query, type);
        _transport = transport;
        _timing = timing;
        _time = time;
        _sink = sink;
    }

    public void Send(long round) => _ = AskAsync(round);

    private async Task AskAsync(long round)
    {
        ProbeResult result;
        long start = _time.GetTimestamp();
        try
        {
            // Over UDP the transport times the question out itself: no timer of our own for the common case.
            byte[]? message = _spec.TcpOnly ? null : await _transport.AskUdpAsync(_server, _query, _timing.Timeout, _disposed.Token).ConfigureAwait(false);
            if (!_spec.TcpOnly && message is null)
            {
                result = ProbeResult.Timeout();
            }
            else
            {
                string? problem = null;
                DnsAnswer? answer = message is null ? null : DnsAnswer.Read(message, _query, out problem);
                if (message is null || answer is { Truncated: true })
                {
                    // Too large for UDP (or asked over TCP only): the whole answer over a connection, in what is left of the timeout.
                    TimeSpan remaining = _timing.Timeout - _time.GetElapsedTime(start);
                    using var left = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromTicks(1), _time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(left.Token, _disposed.Token);
                    message = await DnsTransport.AskTcpAsync(_server, _query, linked.Token).ConfigureAwait(false);
                    answer = DnsAnswer.Read(message, _query, out problem);
                }

                result = answer is null ? Wrong(_time.GetElapsedTime(start), $"unreadable answer: {problem}") : Judge(answer, _time.GetElapsedTime(start));
            }
        }
        catch (OperationCanceledException) when (!_disposed.IsCancellationRequested)
        {
            result = ProbeResult.Timeout();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return; // the probe was disposed of (a reload, the end of the run): its round is nobody's now
        }
        catch (SocketException e)
        {
            result = e.SocketErrorCode switch
            {
                // The host said so itself: nothing listens on the port.
                SocketError.ConnectionRefused => Wrong(_time.GetElapsedTime(start), "no DNS server here (port 53 refused)"),
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => ProbeResult.Failed(ProbeOutcome.Unreachable, e.Message.ToLowerInvariant()),
                SocketError.TimedOut => ProbeResult.Timeout(),
                _ => ProbeResult.Failed(ProbeOutcome.Error, e.Message),
            };
        }

        if (!_disposed.IsCancellationRequested)
        {
            _sink.Report(_targetId, round, result);
        }
    }

    private ProbeResult Judge(DnsAnswer answer, TimeSpan rtt)
    {
        if (answer.Rcode != 0)
        {
            return Wrong(rtt, Rcode(answer.Rcode));
        }

        // Only the type asked for counts: an A question answered by a CNAME alone has no address.
        IReadOnlyList<DnsRecord> records = answer.Records;
        if (records.Count == 0)
        {
            return Wrong(rtt, $"no {_spec.Type} record");
        }

        if (_spec.Expect is { } expect && !records.Any(r => expect.HeldBy(r.Address, r.Text)))
        {
            const int Shown = 3;
            string came = string.Join(", ", records.Take(Shown).Select(r => r.Text)) + (records.Count > Shown ? $" (+{records.Count - Shown} more)" : "");
            return Wrong(rtt, $"unexpected answer: {came}, not {expect.Text}");
        }

        return ProbeResult.Reply(ProbeOutcome.Reply, rtt, records[0].Text);
    }

    private static ProbeResult Wrong(TimeSpan rtt, string detail) => new(ProbeOutcome.Wrong, rtt, null, detail);

    private static string Rcode(int code) => code switch
    {
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        _ => $"RCODE {code}",
    };

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
