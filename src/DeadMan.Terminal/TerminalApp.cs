using System.Runtime.InteropServices;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Ansi;
using DeadMan.Terminal.Formatting;
using DeadMan.Terminal.Input;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;
using DeadMan.Terminal.Table;

namespace DeadMan.Terminal;

/// <summary>
/// The full-screen monitor: reads keys and mouse reports, turns them into view changes or commands to the engine
/// (<see cref="Interaction"/>), and draws the engine's latest snapshot when there is a new one (at once after a
/// state change, else at most four times a second), after a key, or when the clock's second turns. Of the engine it
/// reads only snapshots, and the selected host's detail while that is open.
/// Uses the alternate screen with the cursor hidden (and the mouse, unless --no-mouse), and puts the terminal back
/// on every way out: q, Ctrl-C, SIGTERM, an unhandled exception.
/// </summary>
public sealed class TerminalApp : IDisposable
{
    // How often keys are looked at when no picture comes: a key's effect shows within this.
    private static readonly TimeSpan s_frame = TimeSpan.FromMilliseconds(100);

    private readonly IMonitorView _monitor;
    private readonly TerminalSettings _settings;
    private readonly Stream _output;
    private readonly Theme _theme;
    private readonly FrameWriter _writer;
    private readonly KeyReader _keys = new();
    // Released when the engine publishes a picture, so a change is drawn then rather than at the next frame tick.
    private readonly SemaphoreSlim _news = new(0, 1);
    private readonly InputDecoder _decoder = new();
    private readonly List<InputEvent> _input = [];
    private readonly RowOrder _order = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly Lock _lock = new();
    private ViewState _view;
    private ScreenBuffer? _shown;
    private ScreenMap _map = ScreenMap.Empty;
    private TargetDetail? _detail;
    private int? _focused;
    private int? _traced;
    private (string Text, bool Alert, DateTimeOffset? Until)? _message;
    private volatile bool _quit;
    private volatile bool _redraw;
    private long _seenEvent;
    private string? _title;
    private int _restored;

    public TerminalApp(IMonitorView monitor, TerminalSettings settings, Stream output)
    {
        _monitor = monitor;
        _settings = settings;
        _output = output;
        _theme = Theme.For(settings.Profile);
        _writer = new FrameWriter(settings.Profile.SynchronizedOutput);
        _view = new ViewState { ScaleMs = settings.ScaleMs, BlinkArrow = settings.BlinkArrow, Stage = settings.Stage };
        // Watching from before the engine starts: an engine nobody watches makes no pictures, so its first results,
        // which come within a millisecond on a LAN, waited for the next slot's, and the first frame showed an empty
        // table (start to a full frame of 50 hosts: 70 ms, measured).
        _monitor.Published += Nudge;
    }

    /// <summary>Shows a line in the status bar (any thread); with <paramref name="duration"/> it goes away by itself.</summary>
    public void ShowMessage(string? text, bool alert, TimeSpan? duration = null)
    {
        lock (_lock)
        {
            _message = text is null ? null : (text, alert, duration is { } d ? DateTimeOffset.UtcNow + d : null);
        }
    }

    /// <summary>Runs until the operator quits or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            _keys.Start();
            await FirstPictureAsync(cancellationToken).ConfigureAwait(false);
            long shownVersion = -1;
            long shownSecond = -1;
            ViewState? shownView = null;
            TargetDetail? shownDetail = null;
            while (!_quit && !_keys.Closed && !cancellationToken.IsCancellationRequested)
            {
                HandleInput();
                MonitorSnapshot snapshot = _monitor.Snapshot();
                Focus(snapshot);
                long second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                if (_redraw || snapshot.Version != shownVersion || second != shownSecond || _view != shownView || _detail != shownDetail || SizeChanged())
                {
                    Draw(snapshot, (int)second);
                    (shownVersion, shownSecond, shownView, shownDetail) = (snapshot.Version, second, _view, _detail);
                }

                try
                {
                    await _news.WaitAsync(s_frame, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            Restore();
        }
    }

    // Only the engine loop nudges, so the count never goes past one.
    // The first frame waits a moment for the engine's first results, which on a LAN come within a slot of its start:
    // drawn at once, it often showed an empty table, and the full one came a frame later (5 to 10 ms, measured).
    private async Task FirstPictureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _news.WaitAsync(s_frame, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before anything came: the loop sees it.
        }
    }

    private void Nudge()
    {
        if (_news.CurrentCount == 0)
        {
            _news.Release();
        }
    }

    private void Enter()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Restore();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Restore();
        foreach (PosixSignal signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _quit = true;
            }));
        }

        if (!OperatingSystem.IsWindows())
        {
            _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => _redraw = true));
        }
        if (_settings.Title)
        {
            Write(FrameWriter.PushTitle);
        }

        Write(FrameWriter.EnterFullScreen);
        if (_settings.Mouse)
        {
            Write(FrameWriter.MouseOn);
        }
    }

    /// <summary>Leaves the alternate screen and shows the cursor again; safe to call more than once, from anywhere.</summary>
    public void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) == 1)
        {
            return;
        }

        if (_settings.Mouse)
        {
            Write(FrameWriter.MouseOff);
        }

        Write(FrameWriter.LeaveFullScreen);
        if (_settings.Title)
        {
            // Terminals without a title stack (tmux) keep the last title set: leave them the host's name, tmux's own.
            Write(FrameWriter.Title(Environment.MachineName));
            Write(FrameWriter.PopTitle);
        }
    }

    private bool SizeChanged() => _shown is null || _shown.Width != Console.WindowWidth || _shown.Height != Console.WindowHeight;

    private void Draw(MonitorSnapshot snapshot, int second)
    {
        var next = new ScreenBuffer(Console.WindowWidth, Console.WindowHeight);
        _map = ScreenComposer.Compose(next, Model(snapshot, second), _theme);
        bool full = _redraw || _shown is null || _shown.Width != next.Width || _shown.Height != next.Height;
        _redraw = false;
        ReadOnlyMemory<byte> bytes = _writer.Render(full ? null : _shown, next);
        if (NewDown(snapshot) && _settings.Bell)
        {
            Write(FrameWriter.Bell);
        }

        Write(bytes.Span);
        _shown = next;
        string title = WindowTitle.For(snapshot, Environment.MachineName);
        if (_settings.Title && title != _title)
        {
            Write(FrameWriter.Title(title));
            _title = title;
        }
    }

    private DisplayModel Model(MonitorSnapshot snapshot, int second)
    {
        lock (_lock)
        {
            if (_message is { Until: { } until } && until < DateTimeOffset.UtcNow)
            {
                _message = null;
            }

            DateTimeOffset now = snapshot.Time.ToLocalTime();
            return new DisplayModel(snapshot, _view, _settings.HostInfo, _settings.Version, now, second, _message?.Text, _message?.Alert ?? false)
            {
                Detail = _view.ShowDetail ? _detail : null,
                Rows = _order.Arrange(snapshot, _view, now),
            };
        }
    }

    private void HandleInput()
    {
        _input.Clear();
        while (_keys.TryRead(out ConsoleKeyInfo key))
        {
            _decoder.Add(key, _input);
        }

        _decoder.Flush(_input);
        foreach (InputEvent input in _input)
        {
            (_view, AppRequest request) = Interaction.Apply(_view, input, _map);
            switch (request)
            {
                case AppRequest.Quit:
                    _quit = true;
                    break;
                case AppRequest.Reset:
                    _ = _monitor.Reset();
                    break;
                case AppRequest.Pause:
                    _ = _monitor.TogglePause();
                    break;
                case AppRequest.Redraw:
                    _redraw = true;
                    break;
                case AppRequest.Acknowledge:
                    AcknowledgeOrder order = _view.Ordered!;
                    _view = _view with { Ordered = null };
                    Acknowledge(order);
                    break;
            }
        }
    }

    // The engine acknowledges (each host for the state it is in) or withdraws; a picture read back from
    // Prometheus cannot, and says so.
    private void Acknowledge(AcknowledgeOrder order)
    {
        if (!_monitor.CanAcknowledge)
        {
            _view = _view with { Hint = "acknowledging needs the deadman that probes: this picture is read back from elsewhere" };
            return;
        }

        string by = Operator();
        if (order.Withdraw)
        {
            _ = _monitor.Withdraw(order.TargetIds, by);
            _view = _view with { Hint = "acknowledgement withdrawn" };
            return;
        }

        // The engine stamps when, and takes the state each host is in; the end is the operator's choice from now.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        _ = _monitor.Acknowledge(order.TargetIds, new Acknowledgement(by, now, TargetStatus.Down, order.Until(now), order.Note) { AnyState = order.Duration == AcknowledgeFor.AnyState });
        _view = _view with { Hint = $"acknowledged {order.Describe()}: A withdraws" };
    }

    /// <summary>Who acknowledges from this terminal: $USER@hostname.</summary>
    public static string Operator() => $"{(Environment.GetEnvironmentVariable("USER") is { Length: > 0 } user ? user : Environment.UserName)}@{Environment.MachineName}";

    // While a host's detail is open the engine's pictures carry its latest results (and with t, its live trace): the pane shows what the
    // snapshot carries, and tells the engine only when the host it wants changes.
    private void Focus(MonitorSnapshot snapshot)
    {
        int? wanted = _view.ShowDetail ? _view.Selected : null;
        if (wanted != _focused)
        {
            _focused = wanted;
            _ = _monitor.Focus(wanted);
        }

        int? traced = _view.LiveTrace ? wanted : null;
        if (traced != _traced)
        {
            _traced = traced;
            _ = _monitor.TraceLive(traced);
        }

        _detail = wanted is { } id && snapshot.Focused is { } focused && focused.Target.Id == id ? focused : null;
    }

    // Ring once for any host that went down since the last frame, unless its trouble is expected (acknowledged, maintenance).
    private bool NewDown(MonitorSnapshot snapshot)
    {
        long seen = _seenEvent;
        _seenEvent = snapshot.Events.Count > 0 ? Math.Max(seen, snapshot.Events[0].Sequence) : seen;
        return snapshot.Events.TakeWhile(e => e.Sequence > seen)
            .Any(e => !e.Target.Expected && (StateWords.IsAlarming(e.To, e.Target.Spec.ExpectDown) || (e.To == TargetStatus.Degraded && _settings.BellDegraded)));
    }

    // A terminal that hung up fails the write (EIO): stop drawing and let the run end in order.
    private void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _output.Write(bytes);
            _output.Flush();
        }
        catch (IOException)
        {
            _quit = true;
        }
    }

    /// <summary>
    /// "From: host (address on interface)", as deadman's title shows it: the address probes leave from by the default
    /// route, not what the host name resolves to (often 127.0.1.1).
    /// </summary>
    public static string DescribeHost()
    {
        string host = Environment.MachineName;
        return Core.Platform.DefaultRoute.Source() switch
        {
            ({ } name, { } address) => $"From: {host} ({address} on {name})",
            ({ } name, null) => $"From: {host} (on {name})",
            _ => $"From: {host}",
        };
    }

    public void Dispose()
    {
        _monitor.Published -= Nudge;
        foreach (PosixSignalRegistration signal in _signals)
        {
            signal.Dispose();
        }

        Restore();
        _news.Dispose();
    }
}
