using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Config;
using DnsClient;
using DnsClient.Protocol;

namespace DeadMan.Core.Probing.Dns;

/// <summary>
/// <c>dns=NAME</c>: asks the row's address, a DNS server, for the name each round, with no cache and no retry, so
/// each round is one question and its RTT the time to the answer. What went wrong is named, never a bare failure: no
/// answer in time is "no reply" (X), a server that answers but not as asked (SERVFAIL, NXDOMAIN, REFUSED, no record
/// of the type, an answer without what <c>dns-expect=</c> wants) is <see cref="ProbeOutcome.Wrong"/> with the reason.
/// </summary>
internal sealed class DnsProbe : IProbe
{
    private readonly int _targetId;
    private readonly DnsProbeSpec _spec;
    private readonly QueryType _type;
    private readonly IPAddress? _reverse;
    private readonly LookupClient _client;
    private readonly TimeProvider _time;
    private readonly IProbeSink _sink;
    private readonly CancellationTokenSource _disposed = new();

    public DnsProbe(int targetId, IPEndPoint server, DnsProbeSpec spec, ProbeTiming timing, TimeProvider time, IProbeSink sink)
    {
        _targetId = targetId;
        _spec = spec;
        _type = Enum.Parse<QueryType>(spec.Type);
        // "dns-type=PTR dns=192.0.2.1" asks for the address's reverse name.
        _reverse = _type == QueryType.PTR && IPAddress.TryParse(spec.Query, out IPAddress? address) ? address : null;
        _time = time;
        _sink = sink;
        _client = new LookupClient(new LookupClientOptions(new NameServer(server))
        {
            UseCache = false,
            Retries = 0,
            Timeout = timing.Timeout,
            UseTcpOnly = spec.TcpOnly,
            UseTcpFallback = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            EnableAuditTrail = false,
        });
    }

    public void Send(long round) => _ = AskAsync(round);

    private async Task AskAsync(long round)
    {
        ProbeResult result;
        long start = _time.GetTimestamp();
        try
        {
            IDnsQueryResponse response = _reverse is { } address
                ? await _client.QueryReverseAsync(address, _disposed.Token).ConfigureAwait(false)
                : await _client.QueryAsync(_spec.Query, _type, QueryClass.IN, _disposed.Token).ConfigureAwait(false);
            result = Judge(response, _time.GetElapsedTime(start));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return; // the probe was disposed of (a reload, the end of the run): its round is nobody's now
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            result = ProbeResult.Timeout();
        }
        catch (Exception e) when (e is DnsResponseException or SocketException)
        {
            result = (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode switch
            {
                // The host said so itself: nothing listens on the port.
                SocketError.ConnectionRefused => Wrong(_time.GetElapsedTime(start), "no DNS server here (port 53 refused)"),
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => ProbeResult.Failed(ProbeOutcome.Unreachable, e.InnerException?.Message ?? e.Message),
                _ => ProbeResult.Failed(ProbeOutcome.Error, e.InnerException?.Message ?? e.Message),
            };
        }

        if (!_disposed.IsCancellationRequested)
        {
            _sink.Report(_targetId, round, result);
        }
    }

    private ProbeResult Judge(IDnsQueryResponse response, TimeSpan rtt)
    {
        if (response.Header.ResponseCode != DnsHeaderResponseCode.NoError)
        {
            return Wrong(rtt, Rcode(response.Header.ResponseCode));
        }

        // Only the type asked for counts: an A question answered by a CNAME alone has no address.
        var records = response.Answers.Where(r => r.RecordType == (ResourceRecordType)_type).Select(Data).ToList();
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

        return ProbeResult.Reply(ProbeOutcome.Reply, rtt, string.Join(", ", records.Take(1).Select(r => r.Text)));
    }

    private static ProbeResult Wrong(TimeSpan rtt, string detail) => new(ProbeOutcome.Wrong, rtt, null, detail);

    private static string Rcode(DnsHeaderResponseCode code) => code switch
    {
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.NotExistentDomain => "NXDOMAIN",
        DnsHeaderResponseCode.Refused => "REFUSED",
        DnsHeaderResponseCode.FormatError => "FORMERR",
        DnsHeaderResponseCode.NotImplemented => "NOTIMP",
        _ => $"RCODE {(int)code}",
    };

    // A record's data as an operator writes it, and its address for A and AAAA records.
    private static (IPAddress? Address, string Text) Data(DnsResourceRecord record) => record switch
    {
        ARecord a => (a.Address, a.Address.ToString()),
        AaaaRecord a => (a.Address, a.Address.ToString()),
        CNameRecord c => (null, c.CanonicalName.Value),
        MxRecord m => (null, $"{m.Preference} {m.Exchange.Value}"),
        TxtRecord t => (null, string.Concat(t.Text)),
        SoaRecord s => (null, $"{s.MName.Value} {s.RName.Value} {s.Serial}"),
        NsRecord n => (null, n.NSDName.Value),
        PtrRecord p => (null, p.PtrDomainName.Value),
        _ => (null, record.ToString()),
    };

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
