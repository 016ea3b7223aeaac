using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Probing.Relay;

/// <summary>
/// <c>via=snmp</c>: the agent pings the target for us through DISMAN-PING-MIB (RFC 4560), the way net-snmp's
/// snmpping drives it: each round replaces this target's row in pingCtlTable with a one-probe test (createAndGo),
/// then reads pingResultsTable until the test has completed. RTTs come in whole milliseconds, as the MIB has them.
/// The row (owner "deadman", one test name per target) is volatile and removed when the probe goes.
/// </summary>
internal sealed class SnmpPingProbe : IProbe
{
    private static readonly Oid s_ctlEntry = Oid.Parse("1.3.6.1.2.1.80.1.2.1");
    private static readonly Oid s_resultsEntry = Oid.Parse("1.3.6.1.2.1.80.1.3.1");
    private static readonly TimeSpan s_pollEvery = TimeSpan.FromMilliseconds(200);

    private const uint TargetAddressType = 3;
    private const uint TargetAddress = 4;
    private const uint TimeOut = 6;
    private const uint AdminStatus = 8;
    private const uint StorageType = 13;
    private const uint RowStatus = 23;
    private const uint OperStatus = 1;
    private const uint AverageRtt = 6;
    private const uint ProbeResponses = 7;
    private const uint SentProbes = 8;

    private readonly int _targetId;
    private readonly IPAddress _target;
    private readonly SnmpClient _client;
    private readonly SnmpAgent _agent;
    private readonly ProbeTiming _timing;
    private readonly TimeProvider _time;
    private readonly IProbeSink _sink;
    private readonly uint[] _row;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private Task<ProbeResult>? _current;

    public SnmpPingProbe(int targetId, IPAddress target, SnmpClient client, SnmpAgent agent, ProbeTiming timing, TimeProvider time, IProbeSink sink)
    {
        _targetId = targetId;
        _target = target;
        _client = client;
        _agent = agent;
        _timing = timing;
        _time = time;
        _sink = sink;
        _row = RowIndex("deadman", $"dm-{Environment.ProcessId}-{targetId}");
    }

    public void Send(long round)
    {
        Task<ProbeResult> test;
        lock (_lock)
        {
            // One test row per target: a round that comes while the last test still runs shares its result (the
            // freshest the agent can give) rather than tearing the test down.
            if (_current is not { IsCompleted: false })
            {
                _current = PingAsync(_disposed.Token);
            }

            test = _current;
        }

        _ = ReportAsync(round, test);
    }

    private async Task ReportAsync(long round, Task<ProbeResult> test)
    {
        try
        {
            ProbeResult result = await test.ConfigureAwait(false);
            _sink.Report(_targetId, round, result);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed: nobody waits for this round.
        }
    }

    private async Task<ProbeResult> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.SetAsync(_agent, [Set(RowStatus, SnmpValue.OfInteger(6))], cancellationToken).ConfigureAwait(false); // destroy: any old row
            bool v6 = _target.AddressFamily == AddressFamily.InterNetworkV6;
            SnmpPdu created = await _client.SetAsync(_agent,
            [
                Set(TargetAddressType, SnmpValue.OfInteger(v6 ? 2 : 1)),
                Set(TargetAddress, SnmpValue.OfOctets(_target.GetAddressBytes())),
                Set(TimeOut, SnmpValue.OfUnsigned(BerTag.Gauge32, (ulong)Math.Clamp(Math.Ceiling(_timing.Timeout.TotalSeconds), 1, 60))),
                Set(AdminStatus, SnmpValue.OfInteger(1)),
                Set(StorageType, SnmpValue.OfInteger(2)),
                Set(RowStatus, SnmpValue.OfInteger(4)),
            ], cancellationToken).ConfigureAwait(false);
            if (PingMibAnswer.Created(created, _agent.Endpoint.ToString()) is { } refused)
            {
                return refused;
            }

            long deadline = _time.GetTimestamp() + (long)((_timing.Timeout + TimeSpan.FromSeconds(2)).TotalSeconds * _time.TimestampFrequency);
            // A ping on a LAN is done in a few milliseconds: look soon, then every 200 ms.
            TimeSpan wait = TimeSpan.FromMilliseconds(20);
            while (_time.GetTimestamp() < deadline)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                wait = s_pollEvery;
                SnmpPdu results = await _client.GetAsync(_agent, [Result(OperStatus), Result(SentProbes), Result(ProbeResponses), Result(AverageRtt)], cancellationToken).ConfigureAwait(false);
                if (PingMibAnswer.Results(results) is { } result)
                {
                    return result;
                }
            }

            return ProbeResult.Failed(ProbeOutcome.RelayTimeout, $"agent {_agent.Endpoint} did not complete the remote ping in time");
        }
        catch (Exception e) when (e is SnmpTimeoutException or SnmpSecurityException)
        {
            return ProbeResult.Failed(ProbeOutcome.RelayFailed, e.Message);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever goes wrong, the round must end with a result, not leave its target waiting.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return ProbeResult.Failed(ProbeOutcome.Error, $"agent {_agent.Endpoint}: {e.Message}");
        }
    }

    private VarBind Set(uint column, SnmpValue value) => new(s_ctlEntry.Append([column, .. _row]), value);

    private Oid Result(uint column) => s_resultsEntry.Append([column, .. _row]);

    // pingCtlOwnerIndex and pingCtlTestName: SnmpAdminStrings, each as its length then its octets.
    private static uint[] RowIndex(string owner, string test) =>
        [(uint)owner.Length, .. owner.Select(c => (uint)c), (uint)test.Length, .. test.Select(c => (uint)c)];

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        // Best effort: leave no row behind on the agent.
        _ = _client.SetAsync(_agent, [Set(RowStatus, SnmpValue.OfInteger(6))], CancellationToken.None)
                   .ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
    }
}
