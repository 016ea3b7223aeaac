using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>What the engine keeps for one watched interface between polls: the last reading, peaks and recent rates.</summary>
internal sealed class InterfaceState(string name)
{
    private const int HistoryLength = 256;

    // Newest first; replaced, never changed, so a published view can hold it.
    private (double In, double Out)[] _history = [];
    private InterfaceView? _view;

    public string Name { get; } = name;

    public InterfaceReading Reading { get; private set; } = InterfaceReading.Resolving(name);

    public double PeakIn { get; private set; }

    public double PeakOut { get; private set; }

    public void Apply(InterfaceReading reading)
    {
        Reading = reading;
        if (reading is { State: "ok", InBitsPerSecond: { } inRate, OutBitsPerSecond: { } outRate })
        {
            PeakIn = Math.Max(PeakIn, inRate);
            PeakOut = Math.Max(PeakOut, outRate);
            _history = [(inRate, outRate), .. _history.AsSpan(0, Math.Min(_history.Length, HistoryLength - 1))];
        }

        _view = null;
    }

    public InterfaceView View(string host) => _view is { } view && view.Host == host ? view : _view = new InterfaceView(host, Reading, PeakIn, PeakOut) { History = _history };
}
