using System.Diagnostics;
using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Probing.Icmp;

namespace DeadMan.Core.Probing.Relay;

/// <summary>
/// One persistent ssh session to a relay, streaming a remote ping for every target that goes through it. Lines are
/// handed to the target's probe as they come. When ssh ends (refused, authentication failed, connection lost), every
/// probe hears it as a relay failure, and the session starts again after a backoff (1 s doubling to 30 s, back to
/// 1 s once lines flow). A change in the set of targets restarts it with the new set. Paused, it does not run.
/// </summary>
internal sealed class SshRelaySession : IDisposable
{
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    private readonly SshRelayProbeSpec _relay;
    private readonly string? _sshConfig;
    private readonly ProbeTiming _timing;
    private readonly TimeProvider _time;
    private readonly Dictionary<IPAddress, List<SshRelayProbe>> _probes = [];
    private readonly Lock _lock = new();
    private Process? _process;
    private string? _lastError;
    private TimeSpan _backoff = TimeSpan.FromSeconds(1);
    private ITimer? _restart;
    private bool _disposed;
    private bool _paused;

    public SshRelaySession(SshRelayProbeSpec relay, string? sshConfig, ProbeTiming timing, TimeProvider time)
    {
        _relay = relay;
        _sshConfig = sshConfig;
        _timing = timing;
        _time = time;
    }

    /// <summary>Why the relay failed and is waiting to start again; null while ssh runs or is starting.</summary>
    public string? Failure
    {
        get
        {
            lock (_lock)
            {
                return _process is null && _lastError is not null ? $"relay {_relay.Relay}: {_lastError}" : null;
            }
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _probes.Count == 0;
            }
        }
    }

    public void Add(SshRelayProbe probe)
    {
        lock (_lock)
        {
            if (!_probes.TryGetValue(probe.Address, out List<SshRelayProbe>? list))
            {
                list = [];
                _probes[probe.Address] = list;
            }

            list.Add(probe);
            Restart(TimeSpan.Zero);
        }
    }

    public void Remove(SshRelayProbe probe)
    {
        lock (_lock)
        {
            if (_probes.TryGetValue(probe.Address, out List<SshRelayProbe>? list) && list.Remove(probe) && list.Count == 0)
            {
                _probes.Remove(probe.Address);
                Restart(TimeSpan.Zero);
            }
        }
    }

    /// <summary>Ends ssh while paused (every probe of the relay asks; the first does it), starts it again on resume.</summary>
    public void Pause(bool paused)
    {
        lock (_lock)
        {
            if (_paused != paused)
            {
                _paused = paused;
                Restart(TimeSpan.Zero);
            }
        }
    }

    // Several targets are usually added in one go (start or reload): the session starts once, just after.
    private void Restart(TimeSpan after)
    {
        Stop();
        _restart?.Dispose();
        _restart = _probes.Count == 0 || _disposed || _paused ? null : _time.CreateTimer(_ => Start(), null, after + TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
    }

    private void Start()
    {
        lock (_lock)
        {
            if (_disposed || _paused || _process is not null || _probes.Count == 0)
            {
                return;
            }

            var start = new ProcessStartInfo("ssh")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in SshRelayCommand.Arguments(_relay, _sshConfig, _probes.Keys, _timing))
            {
                start.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnError(e.Data);
            process.Exited += (_, _) => OnExit(process);
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                _lastError = $"cannot run ssh: {e.Message}";
                process.Dispose();
                Restart(s_maxBackoff);
                return;
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
        }
    }

    private void OnLine(string? line)
    {
        int space = line?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (space <= 0 || !IPAddress.TryParse(line.AsSpan(0, space), out IPAddress? address))
        {
            return;
        }

        string text = line![(space + 1)..];
        if (Answering(address) is not { } targets)
        {
            return;
        }

        if (PingLine.TryParse(text, out ProbeResult result, out long? sequence))
        {
            targets.ForEach(t => t.Answer(result, sequence));
        }
        else if (text.StartsWith("ping", StringComparison.Ordinal) && text.Contains(':', StringComparison.Ordinal))
        {
            // "ping: connect: Network is unreachable", "ping: 192.0.2.1: …": the relay could not ping the target.
            targets.ForEach(t => t.Answer(ProbeResult.Failed(ProbeOutcome.Error, $"relay {_relay.Relay}: {text}"), null));
        }
    }

    // The probes waiting for this target's lines (null when none does); a line from the relay also says it works.
    private List<SshRelayProbe>? Answering(IPAddress address)
    {
        lock (_lock)
        {
            if (!_probes.TryGetValue(address, out List<SshRelayProbe>? list))
            {
                return null;
            }

            _backoff = TimeSpan.FromSeconds(1);
            _lastError = null;
            return [.. list];
        }
    }

    private void OnError(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            lock (_lock)
            {
                _lastError = Redact(line.Trim());
            }
        }
    }

    // ssh names the key file in some complaints ("Identity file … not accessible"); where a credential lives is
    // not shown on screen or in logs.
    private string Redact(string line) =>
        _relay.KeyPath is { Length: > 0 } key
            ? line.Replace(SshRelayCommand.ExpandHome(key), Secret.Mask, StringComparison.Ordinal).Replace(key, Secret.Mask, StringComparison.Ordinal)
            : line;

    private void OnExit(Process exited)
    {
        // Exited can fire before the last of stderr is read: wait for it (outside the lock its handler takes), so the
        // reason given is the real one.
        try
        {
            exited.WaitForExit();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return;
        }

        List<SshRelayProbe> all;
        string failure;
        lock (_lock)
        {
            if (_process != exited)
            {
                // Stopped by us (a restart, a pause, the end): nothing to report. Disposed here, outside any wait
                // under the lock: disposing waits for the output reader, whose handler may be waiting for the lock.
                exited.Dispose();
                return;
            }

            _lastError ??= $"ssh exited with code {exited.ExitCode}";
            failure = $"relay {_relay.Relay}: {_lastError}";
            _process = null;
            exited.Dispose();
            all = [.. _probes.Values.SelectMany(l => l)];
            Restart(_backoff);
            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, s_maxBackoff.Ticks));
        }

        all.ForEach(p => p.RelayLost(failure));
    }

    private void Stop()
    {
        if (_process is { } process)
        {
            _process = null;
            _lastError = null;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It had already exited.
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _restart?.Dispose();
            Stop();
        }
    }
}
