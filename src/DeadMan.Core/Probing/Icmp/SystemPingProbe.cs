using System.Diagnostics;
using System.Globalization;
using System.Net;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// The fallback when no ICMP socket is allowed: one long-running system <c>ping</c> per target, its output streamed
/// and parsed. Each parsed line answers the oldest round still waiting; ping keeps the same cadence as we do.
/// </summary>
internal sealed class SystemPingProbe : IProbe
{
    private static readonly TimeSpan s_maxRestartDelay = TimeSpan.FromSeconds(30);

    // The runtime ignores SIGPIPE, and an ignored signal stays ignored across exec: a ping whose deadman was killed
    // or crashed then writes into a closed pipe for ever (issue 30: found running 19 minutes later). GNU env
    // (coreutils 8.31 and later) starts it with SIGPIPE back to its default, so it ends at its next line instead.
    private static readonly Lazy<string?> s_signalResetting = new(SignalResettingEnv);

    private readonly int _targetId;
    private readonly IPAddress _address;
    private readonly ProbeTiming _timing;
    private readonly IProbeSink _sink;
    private readonly string _pingPath;
    private readonly string? _source;
    private readonly EchoSize _echo;
    private readonly WaitingRounds _waiting = new();
    private readonly Lock _lock = new();
    private Process? _process;
    private DateTime _restartAfter = DateTime.MinValue;
    private TimeSpan _restartDelay = TimeSpan.FromSeconds(1);
    private bool _disposed;
    private bool _paused;

    // Echoes that ping could not send (too big to leave, -M do): it says "no answer yet" for each of them later, which
    // must not end another round.
    private int _unsent;

    /// <param name="source">Where probes leave from, as ping's -I takes it (an address or an interface); null for the default.</param>
    /// <param name="echo">ping's -s, and -M do for df=on; null for ping's own.</param>
    public SystemPingProbe(int targetId, IPAddress address, ProbeTiming timing, IProbeSink sink, string pingPath, string? source = null, EchoSize? echo = null)
    {
        _source = source;
        _echo = echo ?? EchoSize.Default;
        _targetId = targetId;
        _address = address;
        _timing = timing;
        _sink = sink;
        _pingPath = pingPath;
    }

    public void Send(long round)
    {
        long? abandoned = null;
        lock (_lock)
        {
            if (_disposed || _paused)
            {
                return;
            }

            abandoned = _waiting.Add(round);
            EnsureRunning();
        }

        if (abandoned is { } lost)
        {
            _sink.Report(_targetId, lost, ProbeResult.Timeout());
        }
    }

    private void EnsureRunning()
    {
        if (_process is { HasExited: false } || DateTime.UtcNow < _restartAfter)
        {
            return;
        }

        _process?.Dispose();
        string? env = s_signalResetting.Value;
        var start = new ProcessStartInfo(env ?? _pingPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["LC_ALL"] = "C";
        if (env is not null)
        {
            start.ArgumentList.Add("--default-signal=PIPE");
            start.ArgumentList.Add(_pingPath);
        }

        foreach (string argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // Back off while ping keeps dying (for example, it lacks privileges too); reset once it has run a while.
        _restartAfter = DateTime.UtcNow + _restartDelay;
        _restartDelay = TimeSpan.FromTicks(Math.Min(_restartDelay.Ticks * 2, s_maxRestartDelay.Ticks));
    }

    private static string? SignalResettingEnv()
    {
        const string Env = "/usr/bin/env";
        if (!File.Exists(Env))
        {
            return null;
        }

        try
        {
            using Process? check = Process.Start(new ProcessStartInfo(Env) { ArgumentList = { "--default-signal=PIPE", "true" }, UseShellExecute = false, RedirectStandardError = true });
            return check is not null && check.WaitForExit(5_000) && check.ExitCode == 0 ? Env : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private IEnumerable<string> Arguments()
    {
        string seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        yield return "-n";
        yield return "-O";
        yield return "-i";
        yield return seconds(_timing.Interval);
        yield return "-W";
        yield return seconds(_timing.Timeout);
        if (_source is not null)
        {
            yield return "-I";
            yield return _source;
        }

        if (_echo.PayloadBytes != EchoSize.DefaultPayload)
        {
            yield return "-s";
            yield return _echo.PayloadBytes.ToString(CultureInfo.InvariantCulture);
        }

        if (_echo.DontFragment)
        {
            yield return "-M";
            yield return "do";
        }

        yield return _address.ToString();
    }

    private void OnLine(string? line)
    {
        if (line is null || !PingLine.TryParse(line, out ProbeResult result))
        {
            return;
        }

        long round;
        lock (_lock)
        {
            _restartDelay = TimeSpan.FromSeconds(1);
            if (result.Outcome == ProbeOutcome.Timeout && _unsent > 0)
            {
                _unsent--;
                return;
            }

            if (!_waiting.TryTakeOldest(out round))
            {
                return;
            }
        }

        _sink.Report(_targetId, round, result);
    }

    private void OnError(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        // What ping says there is its own trouble, but for one: an echo with -M do too big to leave this host.
        bool unsent = PingLine.TryParse(line, out ProbeResult said) && said.Outcome == ProbeOutcome.TooBig;
        long round;
        lock (_lock)
        {
            if (!_waiting.TryTakeOldest(out round))
            {
                return;
            }

            _unsent += unsent ? 1 : 0;
        }

        _sink.Report(_targetId, round, unsent ? said : ProbeResult.Failed(ProbeOutcome.Error, line.Trim()));
    }

    public void Pause(bool paused)
    {
        Process? running;
        lock (_lock)
        {
            _paused = paused;
            if (!paused)
            {
                return;
            }

            running = TakeProcess();
            _ = _waiting.TakeAll();
            _restartAfter = DateTime.MinValue;
        }

        End(running);
    }

    public void Dispose()
    {
        Process? running;
        lock (_lock)
        {
            _disposed = true;
            running = TakeProcess();
        }

        End(running);
    }

    private Process? TakeProcess()
    {
        Process? running = _process;
        _process = null;
        return running;
    }

    // Outside the lock: disposing waits for ping's output reader, whose handler may be waiting for the lock.
    private static void End(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        process.Dispose();
    }
}
